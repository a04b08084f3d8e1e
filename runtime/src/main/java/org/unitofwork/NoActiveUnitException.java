package org.unitofwork;

/**
 * Thrown when code asks for the active unit of work ({@link Session#current()}) on a thread
 * that has none for that database, or uses a session, or anything its unit handed out, after the unit
 * ended.
 */
public class NoActiveUnitException extends UnitOfWorkException {
    private static final long serialVersionUID = 1L;

    NoActiveUnitException(String message) {
        super(message);
    }
}
