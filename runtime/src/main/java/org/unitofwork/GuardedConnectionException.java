package org.unitofwork;

/**
 * Thrown by a unit's connection when user code tries to end the unit behind the boundary's back:
 * {@code commit()}, {@code rollback()}, {@code setAutoCommit(true)}, {@code abort(...)}, or any use after
 * the unit has ended.
 */
public class GuardedConnectionException extends UnitOfWorkException {
    private static final long serialVersionUID = 1L;

    GuardedConnectionException(String message) {
        super(message);
    }
}
