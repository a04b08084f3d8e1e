package com.example;

import java.util.Objects;
import javax.annotation.processing.Generated;
import org.unitofwork.Boundary;
import org.unitofwork.Scope;

/**
 * Runs the {@code @UnitOfWork} methods of {@link Outer.Inner} inside their boundaries, supplying the
 * parameter their unit provides (its session, connection or session kind). Generated from {@code Outer.Inner}; do not edit.
 */
@Generated("org.unitofwork.processor.UnitOfWorkProcessor")
public final class ManagedOuter_Inner {
    private static final Boundary TOUCH = Boundary.builder("Outer.Inner.touch(Session)").build();

    private final Outer.Inner delegate;

    /**
     * @param delegate the instance whose methods run inside the boundaries
     */
    public ManagedOuter_Inner(Outer.Inner delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Calls {@code Outer.Inner.touch(Session)} inside its boundary.
     */
    public void touch() {
        Scope scope = TOUCH.begin();
        for (;;) {
            try {
                this.delegate.touch(scope.session());
                scope.complete();
                return;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }
}
