package org.unitofwork;

/**
 * Thrown when a unit of work has passed its deadline ({@link UnitOfWork#timeoutSeconds()}): when it
 * ends, it rolls back instead of committing.
 */
public class UnitTimeoutException extends UnitOfWorkException {
    private static final long serialVersionUID = 1L;

    UnitTimeoutException(String message) {
        super(message);
    }
}
