package org.unitofwork;

/**
 * Thrown when a {@link Database} cannot be built, registered or found: bad settings, an unreachable
 * server, a name already taken or not registered.
 */
public class DatabaseConfigurationException extends UnitOfWorkException {
    private static final long serialVersionUID = 1L;

    DatabaseConfigurationException(String message) {
        super(message);
    }

    DatabaseConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
