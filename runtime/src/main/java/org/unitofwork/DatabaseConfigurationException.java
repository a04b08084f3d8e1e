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

    /**
     * For code that looks databases up on its users' behalf, such as the Java agent, to say what its
     * users should change; {@code cause} is the runtime's own exception.
     *
     * @param message what happened and what to do
     * @param cause the exception it explains
     */
    public DatabaseConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
