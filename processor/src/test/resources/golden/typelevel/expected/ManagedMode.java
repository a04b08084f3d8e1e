package com.example;

import java.util.Objects;
import javax.annotation.processing.Generated;
import org.unitofwork.Boundary;
import org.unitofwork.Scope;

/**
 * Runs the {@code @UnitOfWork} methods of {@link Mode} inside their boundaries, supplying the
 * parameter their unit provides (its session, connection or session kind). Generated from {@code Mode}; do not edit.
 */
@Generated("org.unitofwork.processor.UnitOfWorkProcessor")
public final class ManagedMode {
    private static final Boundary LABEL = Boundary.builder("Mode.label(Session)").build();

    private final Mode delegate;

    /**
     * @param delegate the instance whose methods run inside the boundaries
     */
    public ManagedMode(Mode delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Calls {@code Mode.label(Session)} inside its boundary.
     */
    public String label() {
        Scope scope = LABEL.begin();
        for (;;) {
            try {
                String result = this.delegate.label(scope.session());
                scope.complete();
                return result;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }
}
