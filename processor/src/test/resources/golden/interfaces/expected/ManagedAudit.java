package com.example;

import java.util.Objects;
import javax.annotation.processing.Generated;
import org.unitofwork.Boundary;
import org.unitofwork.Scope;

/**
 * Runs the {@code @UnitOfWork} methods of {@link Audit} inside their boundaries, supplying the
 * parameter their unit provides (its session, connection or session kind). Generated from {@code Audit}; do not edit.
 */
@Generated("org.unitofwork.processor.UnitOfWorkProcessor")
public final class ManagedAudit {
    private static final Boundary RECORD = Boundary.builder("Audit.record(Session,String)").build();

    private final Audit delegate;

    /**
     * @param delegate the instance whose methods run inside the boundaries
     */
    public ManagedAudit(Audit delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Calls {@code Audit.record(Session,String)} inside its boundary.
     */
    public void record(String what) {
        Scope scope = RECORD.begin();
        for (;;) {
            try {
                this.delegate.record(scope.session(), what);
                scope.complete();
                return;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }
}
