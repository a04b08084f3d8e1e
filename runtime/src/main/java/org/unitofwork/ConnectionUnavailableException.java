package org.unitofwork;

/**
 * Thrown when a unit cannot get a connection: the pool timed out, the database refused the
 * connection, or the calling thread itself holds every connection of the pool (a {@link
 * Propagation#REQUIRES_NEW} boundary that could only wait for itself fails at once).
 */
public class ConnectionUnavailableException extends UnitOfWorkException {
    private static final long serialVersionUID = 1L;

    ConnectionUnavailableException(String message) {
        super(message);
    }

    ConnectionUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
