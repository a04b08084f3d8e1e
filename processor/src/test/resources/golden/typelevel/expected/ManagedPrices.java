package com.example;

import java.util.Objects;
import javax.annotation.processing.Generated;
import org.unitofwork.Boundary;
import org.unitofwork.Scope;

/**
 * Runs the {@code @UnitOfWork} methods of {@link Prices} inside their boundaries, supplying the
 * parameter their unit provides (its session, connection or session kind). Generated from {@code Prices}; do not edit.
 */
@Generated("org.unitofwork.processor.UnitOfWorkProcessor")
public final class ManagedPrices implements Prices {
    private static final Boundary PRICE = Boundary.builder("Prices.price(String)")
            .readOnly(true)
            .build();

    private static final Boundary TOTAL = Boundary.builder("Prices.total(String...)")
            .readOnly(true)
            .build();

    private static final Boundary FREE = Boundary.builder("Prices.free()")
            .readOnly(true)
            .build();

    private final Prices delegate;

    /**
     * @param delegate the instance whose methods run inside the boundaries
     */
    public ManagedPrices(Prices delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Calls {@code Prices.price(String)} inside its boundary.
     */
    @Override
    public long price(String item) {
        Scope scope = PRICE.begin();
        for (;;) {
            try {
                long result = this.delegate.price(item);
                scope.complete();
                return result;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code Prices.total(String...)} inside its boundary.
     */
    @Override
    public long total(String... items) {
        Scope scope = TOTAL.begin();
        for (;;) {
            try {
                long result = this.delegate.total(items);
                scope.complete();
                return result;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code Prices.free()} inside its boundary.
     */
    public static Prices free() {
        Scope scope = FREE.begin();
        for (;;) {
            try {
                Prices result = Prices.free();
                scope.complete();
                return result;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }
}
