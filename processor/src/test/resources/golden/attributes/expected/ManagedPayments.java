package com.example;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Objects;
import javax.annotation.processing.Generated;
import org.unitofwork.Boundary;
import org.unitofwork.Isolation;
import org.unitofwork.Propagation;
import org.unitofwork.Scope;

/**
 * Runs the {@code @UnitOfWork} methods of {@link Payments} inside their boundaries, supplying the
 * parameter their unit provides (its session, connection or session kind). Generated from {@code Payments}; do not edit.
 */
@Generated("org.unitofwork.processor.UnitOfWorkProcessor")
final class ManagedPayments {
    private static final Boundary PAY = Boundary.builder("Payments.pay(Session,long)")
            .database("payments")
            .propagation(Propagation.NESTED)
            .isolation(Isolation.SERIALIZABLE)
            .timeoutSeconds(5)
            .rollbackFor(FileNotFoundException.class)
            .noRollbackFor(IOException.class, IllegalStateException.class)
            .retries(2)
            .resolveUnknownCommit(true)
            .connectionHoldBudgetMillis(500L)
            .build();

    private static final Boundary REFUND = Boundary.builder("Payments.refund(Session,long)").build();

    private final Payments delegate;

    /**
     * @param delegate the instance whose methods run inside the boundaries
     */
    ManagedPayments(Payments delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Calls {@code Payments.pay(Session,long)} inside its boundary.
     */
    void pay(long amount) throws IOException {
        Scope scope = PAY.begin();
        for (;;) {
            try {
                this.delegate.pay(scope.session(), amount);
                scope.complete();
                return;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code Payments.refund(Session,long)} inside its boundary.
     */
    void refund(long amount) {
        Scope scope = REFUND.begin();
        for (;;) {
            try {
                this.delegate.refund(scope.session(), amount);
                scope.complete();
                return;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }
}
