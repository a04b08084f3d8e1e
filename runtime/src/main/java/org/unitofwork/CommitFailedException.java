package org.unitofwork;

/**
 * Thrown when the database refuses the commit of a unit. The driver's {@link java.sql.SQLException} is
 * the cause; the connection is evicted from the pool, never handed out again.
 */
public class CommitFailedException extends UnitOfWorkException {
    private static final long serialVersionUID = 1L;

    CommitFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
