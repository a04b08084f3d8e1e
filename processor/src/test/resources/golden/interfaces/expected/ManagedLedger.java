package com.example;

import java.util.List;
import java.util.Objects;
import javax.annotation.processing.Generated;
import org.unitofwork.Boundary;
import org.unitofwork.Scope;

/**
 * Runs the {@code @UnitOfWork} methods of {@link Ledger} inside their boundaries, supplying the
 * parameter their unit provides (its session, connection or session kind). Generated from {@code Ledger}; do not edit.
 */
@Generated("org.unitofwork.processor.UnitOfWorkProcessor")
public final class ManagedLedger implements Ledger {
    private static final Boundary POST = Boundary.builder("Ledger.post(String)").build();

    private final Ledger delegate;

    /**
     * @param delegate the instance whose methods run inside the boundaries
     */
    public ManagedLedger(Ledger delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Calls {@code Ledger.post(String)} inside its boundary.
     */
    @Override
    public void post(String entry) throws LedgerClosedException {
        Scope scope = POST.begin();
        for (;;) {
            try {
                this.delegate.post(entry);
                scope.complete();
                return;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Passes the call to the delegate unchanged: the method carries no {@code @UnitOfWork}.
     */
    @Override
    public List<String> entries() {
        return this.delegate.entries();
    }
}
