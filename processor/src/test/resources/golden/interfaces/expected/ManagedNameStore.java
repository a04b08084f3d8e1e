package com.example;

import java.util.Objects;
import java.util.function.Function;
import javax.annotation.processing.Generated;
import org.unitofwork.Boundary;
import org.unitofwork.Scope;

/**
 * Runs the {@code @UnitOfWork} methods of {@link NameStore} inside their boundaries, supplying the
 * parameter their unit provides (its session, connection or session kind). Generated from {@code NameStore}; do not edit.
 */
@Generated("org.unitofwork.processor.UnitOfWorkProcessor")
public final class ManagedNameStore implements Store<String> {
    private static final Boundary SAVE = Boundary.builder("NameStore.save(String)").build();

    private final NameStore delegate;

    /**
     * @param delegate the instance whose methods run inside the boundaries
     */
    public ManagedNameStore(NameStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Calls {@code NameStore.save(String)} inside its boundary.
     */
    @Override
    public void save(String item) {
        Scope scope = SAVE.begin();
        for (;;) {
            try {
                this.delegate.save(item);
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
    public String load(long id) {
        return this.delegate.load(id);
    }

    /**
     * Passes the call to the delegate unchanged: the method carries no {@code @UnitOfWork}.
     */
    @Override
    public <R> R inspect(Function<? super String, R> inspector) {
        return this.delegate.<R>inspect(inspector);
    }
}
