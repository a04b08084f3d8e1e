package com.example;

import java.util.Objects;
import javax.annotation.processing.Generated;
import org.unitofwork.Boundary;
import org.unitofwork.Scope;

/**
 * Runs the {@code @UnitOfWork} methods of {@link JdbcAccounts} inside their boundaries, supplying the
 * parameter their unit provides (its session, connection or session kind). Generated from {@code JdbcAccounts}; do not edit.
 */
@Generated("org.unitofwork.processor.UnitOfWorkProcessor")
public final class ManagedJdbcAccounts implements Accounts {
    private static final Boundary OPEN = Boundary.builder("JdbcAccounts.open(String)").build();

    private final JdbcAccounts delegate;

    /**
     * @param delegate the instance whose methods run inside the boundaries
     */
    public ManagedJdbcAccounts(JdbcAccounts delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Calls {@code JdbcAccounts.open(String)} inside its boundary.
     */
    @Override
    public long open(String owner) {
        Scope scope = OPEN.begin();
        for (;;) {
            try {
                long result = this.delegate.open(owner);
                scope.complete();
                return result;
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
    public void close(long id) {
        this.delegate.close(id);
    }

    /**
     * Passes the call to the delegate unchanged: the method carries no {@code @UnitOfWork}.
     */
    @Override
    public String describe(long arg0) {
        return this.delegate.describe(arg0);
    }
}
