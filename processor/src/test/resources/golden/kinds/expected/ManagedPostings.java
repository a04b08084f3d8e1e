package com.example;

import java.util.List;
import java.util.Objects;
import javax.annotation.processing.Generated;
import org.unitofwork.Boundary;
import org.unitofwork.Scope;

/**
 * Runs the {@code @UnitOfWork} methods of {@link Postings} inside their boundaries, supplying the
 * parameter their unit provides (its session, connection or session kind). Generated from {@code Postings}; do not edit.
 */
@Generated("org.unitofwork.processor.UnitOfWorkProcessor")
public final class ManagedPostings {
    private static final Boundary POST = Boundary.builder("Postings.post(Journal,String)").build();

    private static final Boundary COUNT = Boundary.builder("Postings.count(String,Journal)")
            .readOnly(true)
            .build();

    private static final Boundary POST_ALL = Boundary.builder("Postings.postAll(List)").build();

    private final Postings delegate;

    /**
     * @param delegate the instance whose methods run inside the boundaries
     */
    public ManagedPostings(Postings delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Calls {@code Postings.post(Journal,String)} inside its boundary.
     */
    public void post(String entry) {
        Scope scope = POST.begin();
        for (;;) {
            try {
                this.delegate.post(scope.session().get(Journal.class), entry);
                scope.complete();
                return;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code Postings.count(String,Journal)} inside its boundary.
     */
    public int count(String account) {
        Scope scope = COUNT.begin();
        for (;;) {
            try {
                int result = this.delegate.count(account, scope.session().get(Journal.class));
                scope.complete();
                return result;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code Postings.postAll(List)} inside its boundary.
     */
    public void postAll(List<Journal> journals) {
        Scope scope = POST_ALL.begin();
        for (;;) {
            try {
                this.delegate.postAll(journals);
                scope.complete();
                return;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }
}
