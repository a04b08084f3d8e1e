package org.unitofwork;

/**
 * Thrown when a {@link Session}, or the connection it handed out, is used from a thread other than
 * the one that opened its unit. Sessions are thread-confined: hand work to another thread by opening a
 * unit there.
 */
public class WrongThreadException extends UnitOfWorkException {
    private static final long serialVersionUID = 1L;

    WrongThreadException(String message) {
        super(message);
    }
}
