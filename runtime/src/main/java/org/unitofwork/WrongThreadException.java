package org.unitofwork;

/**
 * Thrown when a {@link Session}, or anything its unit handed out (the connection, a statement, a result
 * set, metadata, …), is used from a thread other than the one that opened the unit. The message names
 * what was used, the unit's boundary and database, and both threads. Sessions are thread-confined: hand
 * work to another thread by opening a unit there.
 */
public class WrongThreadException extends UnitOfWorkException {
    private static final long serialVersionUID = 1L;

    WrongThreadException(String message) {
        super(message);
    }
}
