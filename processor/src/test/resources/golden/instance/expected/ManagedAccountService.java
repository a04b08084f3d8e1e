package com.example;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import javax.annotation.processing.Generated;
import org.unitofwork.Boundary;
import org.unitofwork.Propagation;
import org.unitofwork.Scope;

/**
 * Runs the {@code @UnitOfWork} methods of {@link AccountService} inside their boundaries, supplying the
 * parameter their unit provides (its session, connection or session kind). Generated from {@code AccountService}; do not edit.
 */
@Generated("org.unitofwork.processor.UnitOfWorkProcessor")
public final class ManagedAccountService {
    private static final Boundary OPEN = Boundary.builder("AccountService.open(Session,String)").build();

    private static final Boundary TRANSFER = Boundary.builder("AccountService.transfer(long,long,BigDecimal)")
            .propagation(Propagation.REQUIRES_NEW)
            .retries(3)
            .build();

    private static final Boundary BALANCE = Boundary.builder("AccountService.balance(Session,long)")
            .readOnly(true)
            .build();

    private static final Boundary BALANCE_2 = Boundary.builder("AccountService.balance(Session,String)")
            .readOnly(true)
            .build();

    private static final Boundary IDS = Boundary.builder("AccountService.ids(Session,char,boolean,double)").build();

    private static final Boundary OWNERS = Boundary.builder("AccountService.owners(Session)").build();

    private static final Boundary AUDIT = Boundary.builder("AccountService.audit(Session,String,String,String)").build();

    private final AccountService delegate;

    /**
     * @param delegate the instance whose methods run inside the boundaries
     */
    public ManagedAccountService(AccountService delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Calls {@code AccountService.open(Session,String)} inside its boundary.
     */
    public long open(String owner) {
        Scope scope = OPEN.begin();
        for (;;) {
            try {
                long result = this.delegate.open(scope.session(), owner);
                scope.complete();
                return result;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code AccountService.transfer(long,long,BigDecimal)} inside its boundary.
     */
    public void transfer(long from, long to, BigDecimal amount) throws IOException {
        Scope scope = TRANSFER.begin();
        for (;;) {
            try {
                this.delegate.transfer(from, to, amount);
                scope.complete();
                return;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code AccountService.balance(Session,long)} inside its boundary.
     */
    public BigDecimal balance(long account) {
        Scope scope = BALANCE.begin();
        for (;;) {
            try {
                BigDecimal result = this.delegate.balance(scope.session(), account);
                scope.complete();
                return result;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code AccountService.balance(Session,String)} inside its boundary.
     */
    public BigDecimal balance(String owner) {
        Scope scope = BALANCE_2.begin();
        for (;;) {
            try {
                BigDecimal result = this.delegate.balance(scope.session(), owner);
                scope.complete();
                return result;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code AccountService.ids(Session,char,boolean,double)} inside its boundary.
     */
    int[] ids(char prefix, boolean active, double minimum) {
        Scope scope = IDS.begin();
        for (;;) {
            try {
                int[] result = this.delegate.ids(scope.session(), prefix, active, minimum);
                scope.complete();
                return result;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code AccountService.owners(Session)} inside its boundary.
     */
    public List<String> owners() {
        Scope scope = OWNERS.begin();
        for (;;) {
            try {
                List<String> result = this.delegate.owners(scope.session());
                scope.complete();
                return result;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code AccountService.audit(Session,String,String,String)} inside its boundary.
     */
    public void audit(String scope, String result, String failure) {
        Scope scope_ = AUDIT.begin();
        for (;;) {
            try {
                this.delegate.audit(scope_.session(), scope, result, failure);
                scope_.complete();
                return;
            } catch (Throwable failure_) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope_ = scope_.failed(failure_);
            }
        }
    }
}
