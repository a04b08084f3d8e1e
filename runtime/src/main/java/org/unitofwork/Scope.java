package org.unitofwork;

import java.sql.Connection;

/**
 * One call's passage through a {@link Boundary}: the boundary protocol that generated wrappers and
 * woven methods use. Application code uses {@link Boundary#run} and {@link Boundary#call} instead.
 *
 * <p>The protocol is the loop below, on one thread. The scope decides everything (commit, rollback,
 * joining, savepoints, rules, retries, hooks); the caller only reports how the method ended:
 *
 * <pre>{@code
 * private static final Boundary OPEN = Boundary.builder("AccountService.open(Session,String)").build();
 *
 * public Account open(String owner) {
 *     Scope scope = OPEN.begin();
 *     for (;;) {
 *         try {
 *             Account result = delegate.open(scope.session(), owner);
 *             scope.complete();
 *             return result;
 *         } catch (Throwable failure) {
 *             scope = scope.failed(failure);
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #failed(Throwable)} re-throws {@code failure} itself, so the wrapper's {@code throws}
 * clause stays that of the wrapped method; it returns only to ask for a retry, with the scope of the
 * next attempt. An exception thrown by {@link #complete()} (a failed commit) is handed to
 * {@code failed} by the same {@code catch}, which re-throws it or retries it when it is transient.
 */
public abstract sealed class Scope permits Unit, JoinedScope, NestedScope {

    Scope() {
    }

    /**
     * The session of the unit this scope belongs to, to inject as a {@link Session} parameter.
     *
     * @return the session
     */
    public abstract Session session();

    /**
     * The unit's guarded connection, to inject as a {@link Connection} parameter; borrowed on the
     * first call.
     *
     * @return the connection
     */
    public Connection connection() {
        return session().connection();
    }

    /**
     * Ends the scope after the method returned normally: commits when this scope opened the unit,
     * releases a savepoint when it is nested, does nothing when it joined.
     *
     * @throws UnitOfWorkException when the unit cannot commit: the commit failed, the unit is
     *     rollback-only or past its deadline (the unit is rolled back and released first)
     */
    public abstract void complete();

    /**
     * Ends the scope after the method threw {@code failure}, or after {@link #complete()} threw it:
     * rolls back (or commits, for an exception matched by {@code noRollbackFor}), releases, and
     * re-throws {@code failure} itself with any cleanup failure added as suppressed.
     *
     * @param failure what the method threw
     * @return only when the unit is to be run again after a transient failure: the scope of the
     *     next attempt, already begun
     */
    public abstract Scope failed(Throwable failure);

    /**
     * Ends the scope after the method has already returned or thrown, for code woven around a
     * method body, which cannot wrap the body in a {@code try}: {@link #complete()} after a normal
     * return, {@link #failed(Throwable)} after a throw or a failed completion.
     *
     * @param thrown what the method threw, or {@code null} when it returned normally
     * @return {@code null} when the method returned normally and its scope completed; otherwise
     *     only for a retry, the scope of the next attempt, already begun (a failure that is not
     *     retried is re-thrown as it is)
     */
    public final Scope exit(Throwable thrown) {
        Throwable failure = thrown;
        if (failure == null) {
            try {
                complete();
                return null;
            } catch (Throwable completionFailure) {
                failure = completionFailure;
            }
        }
        return failed(failure);
    }

    /** Throws {@code failure} as it is, whatever its checked type; never returns. */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException rethrow(Throwable failure) throws E {
        throw (E) failure;
    }
}
