package org.unitofwork;

/**
 * Thrown when a unit's {@code COMMIT} may have reached the database but its answer never came back
 * (the connection was lost, the server restarted, the deadline cut the commit): whether the work was
 * applied is unknown ({@link Outcome#UNKNOWN}). Neither commit nor rollback hooks run, and the unit
 * is never retried. Check the data before repeating the work, or let the runtime resolve the outcome
 * on PostgreSQL with {@link UnitOfWork#resolveUnknownCommit()}.
 */
public class CommitOutcomeUnknownException extends CommitFailedException {
    private static final long serialVersionUID = 1L;

    CommitOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
