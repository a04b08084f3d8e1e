package com.example.processed;

import org.unitofwork.Boundary;
import org.unitofwork.Scope;

/** Shaped as the processor generates it: a class named Managed* that calls the boundary protocol. */
public final class ManagedLedger {
    private static final Boundary POST = Boundary.builder("Ledger.post(Session)").build();

    private final Ledger delegate;

    public ManagedLedger(Ledger delegate) {
        this.delegate = delegate;
    }

    public boolean post() {
        Scope scope = POST.begin();
        for (;;) {
            try {
                boolean result = delegate.post(scope.session());
                scope.complete();
                return result;
            } catch (Throwable failure) {
                scope = scope.failed(failure);
            }
        }
    }
}
