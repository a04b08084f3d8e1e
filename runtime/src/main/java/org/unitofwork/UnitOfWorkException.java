package org.unitofwork;

/**
 * Base type of every exception the runtime throws itself. Exceptions thrown by the work inside a
 * unit are never wrapped in it: they reach the caller as they were thrown.
 */
public class UnitOfWorkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnitOfWorkException(String message) {
        super(message);
    }

    UnitOfWorkException(String message, Throwable cause) {
        super(message, cause);
    }
}
