package com.example;

import java.util.Objects;
import javax.annotation.processing.Generated;
import org.unitofwork.Boundary;
import org.unitofwork.Scope;

/**
 * Runs the {@code @UnitOfWork} methods of {@link Catalog} inside their boundaries, supplying the
 * parameter their unit provides (its session, connection or session kind). Generated from {@code Catalog}; do not edit.
 */
@Generated("org.unitofwork.processor.UnitOfWorkProcessor")
public final class ManagedCatalog {
    private static final Boundary NAME = Boundary.builder("Catalog.name(Session,long)")
            .readOnly(true)
            .build();

    private static final Boundary RENAME = Boundary.builder("Catalog.rename(Session,long,String)").build();

    private static final Boundary SIZE = Boundary.builder("Catalog.size()")
            .readOnly(true)
            .build();

    private final Catalog delegate;

    /**
     * @param delegate the instance whose methods run inside the boundaries
     */
    public ManagedCatalog(Catalog delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Calls {@code Catalog.name(Session,long)} inside its boundary.
     */
    public String name(long id) {
        Scope scope = NAME.begin();
        for (;;) {
            try {
                String result = this.delegate.name(scope.session(), id);
                scope.complete();
                return result;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code Catalog.rename(Session,long,String)} inside its boundary.
     */
    public void rename(long id, String name) {
        Scope scope = RENAME.begin();
        for (;;) {
            try {
                this.delegate.rename(scope.session(), id, name);
                scope.complete();
                return;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code Catalog.size()} inside its boundary.
     */
    public static int size() {
        Scope scope = SIZE.begin();
        for (;;) {
            try {
                int result = Catalog.size();
                scope.complete();
                return result;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }
}
