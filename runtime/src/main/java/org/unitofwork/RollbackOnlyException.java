package org.unitofwork;

/**
 * Thrown when a unit returns normally but cannot commit because an inner boundary that joined it
 * failed: the unit is rolled back, and the inner boundary's exception is the cause.
 */
public class RollbackOnlyException extends UnitOfWorkException {
    private static final long serialVersionUID = 1L;

    RollbackOnlyException(String message, Throwable cause) {
        super(message, cause);
    }
}
