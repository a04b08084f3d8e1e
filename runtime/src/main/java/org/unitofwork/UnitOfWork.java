package org.unitofwork;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose call is one unit of work: it commits when the method returns, rolls back and
 * re-throws when it throws anything, and always releases its connection and thread-local state.
 *
 * <p>On a type, it applies to every public method of that type that does not carry its own
 * annotation. The annotation does nothing by itself: the {@code unitofwork-processor} annotation
 * processor generates wrappers for annotated methods at compile time, and the
 * {@code unitofwork-agent} Java agent weaves the same boundary into already-compiled classes. Both
 * translate the attributes into a {@link Boundary}, which is also the programmatic equivalent.
 *
 * <p>A parameter of type {@link Session} or {@link java.sql.Connection} of an annotated method is
 * supplied by the wrapper: callers of the generated wrapper do not pass it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface UnitOfWork {

    /** {@return the name of the {@link Database} the unit runs on, as given to {@link Database.Builder#name(String)}} */
    String database() default Database.DEFAULT_NAME;

    /** {@return how the boundary relates to a unit already active on the calling thread} */
    Propagation propagation() default Propagation.REQUIRED;

    /** {@return whether the unit's connection is read-only ({@link java.sql.Connection#setReadOnly(boolean)})} */
    boolean readOnly() default false;

    /** {@return the transaction isolation of the unit; {@link Isolation#DEFAULT} keeps the pool's level} */
    Isolation isolation() default Isolation.DEFAULT;

    /**
     * {@return the deadline for the whole unit in seconds, 0 for none} Statements get the remaining time as their
     * query timeout before each execution, and a unit past its deadline when it ends rolls back. A
     * boundary that joins an outer unit runs under that unit's deadline.
     */
    int timeoutSeconds() default 0;

    /**
     * {@return exceptions that roll the unit back} Every exception rolls back by default; this list matters
     * only to override a broader {@link #noRollbackFor()} entry. The closest class in the thrown
     * exception's hierarchy wins.
     */
    Class<? extends Throwable>[] rollbackFor() default {};

    /**
     * {@return exceptions that commit the unit's work and are still re-thrown to the caller} The closest class
     * in the thrown exception's hierarchy wins against {@link #rollbackFor()}.
     */
    Class<? extends Throwable>[] noRollbackFor() default {};

    /**
     * {@return how many times the whole unit is run again after a transient failure} Transient
     * failures are serialization failures and deadlocks; retries wait with jittered exponential
     * backoff. Only a boundary that opens its own unit retries; a joined one never does.
     */
    int retries() default 0;

    /**
     * {@return whether a commit whose outcome is unknown is resolved by asking the database} When the
     * connection is lost while the {@code COMMIT} may have reached the server (the server restarted,
     * the network failed, the deadline cut the commit), the outcome is {@link Outcome#UNKNOWN}. With
     * this attribute, on PostgreSQL, the unit learns its transaction id just before it commits (one
     * more round trip, only for units that wrote) and afterwards asks a fresh connection what became
     * of that transaction ({@code pg_xact_status}): committed, the boundary returns normally and the
     * commit hooks run; rolled back, it throws as for any refused commit, and retries may run. Where
     * the database cannot tell, or is not PostgreSQL, the outcome stays unknown; so does a commit seen
     * committed only after the server restarted, since a crash may have handed its id to another
     * transaction.
     */
    boolean resolveUnknownCommit() default false;

    /**
     * {@return how long the unit may hold its connection, in milliseconds, before it is reported} A unit
     * that holds its connection longer — from the borrow until it is back in the pool — is reported once
     * it gives it back: a warning in the log naming the boundary, the thread, the time held, the time
     * inside statements and outside them and the stack where it borrowed the connection; the JFR event
     * {@code org.unitofwork.ConnectionHeld}; the observers. -1, the default, takes the database's budget
     * ({@link Database.Builder#connectionHoldBudget}, none unless set); 0 sets none for this boundary.
     */
    long connectionHoldBudgetMillis() default -1;
}
