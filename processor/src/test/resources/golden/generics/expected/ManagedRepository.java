package com.example;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.annotation.processing.Generated;
import org.unitofwork.Boundary;
import org.unitofwork.Scope;

/**
 * Runs the {@code @UnitOfWork} methods of {@link Repository} inside their boundaries, supplying the
 * parameter their unit provides (its session, connection or session kind). Generated from {@code Repository}; do not edit.
 */
@Generated("org.unitofwork.processor.UnitOfWorkProcessor")
public final class ManagedRepository<E extends Comparable<E>> {
    private static final Boundary FIND = Boundary.builder("Repository.find(Session,long)").build();

    private static final Boundary INDEX = Boundary.builder("Repository.index(Session,Function)").build();

    private static final Boundary SAVE_ALL = Boundary.builder("Repository.saveAll(Session,Comparable...)").build();

    private static final Boundary NONE = Boundary.builder("Repository.none(String...)").build();

    private final Repository<E> delegate;

    /**
     * @param delegate the instance whose methods run inside the boundaries
     */
    public ManagedRepository(Repository<E> delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Calls {@code Repository.find(Session,long)} inside its boundary.
     */
    public E find(long id) {
        Scope scope = FIND.begin();
        for (;;) {
            try {
                E result = this.delegate.find(scope.session(), id);
                scope.complete();
                return result;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code Repository.index(Session,Function)} inside its boundary.
     */
    public <K extends Comparable<? super K>> Map<K, List<E>> index(Function<? super E, K> key) {
        Scope scope = INDEX.begin();
        for (;;) {
            try {
                Map<K, List<E>> result = this.delegate.<K>index(scope.session(), key);
                scope.complete();
                return result;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code Repository.saveAll(Session,Comparable...)} inside its boundary.
     */
    @SafeVarargs
    @SuppressWarnings("varargs")
    public final void saveAll(E... entities) {
        Scope scope = SAVE_ALL.begin();
        for (;;) {
            try {
                this.delegate.saveAll(scope.session(), entities);
                scope.complete();
                return;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code Repository.none(String...)} inside its boundary.
     */
    public static <T> List<T> none(String... reasons) {
        Scope scope = NONE.begin();
        for (;;) {
            try {
                List<T> result = Repository.<T>none(reasons);
                scope.complete();
                return result;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }
}
