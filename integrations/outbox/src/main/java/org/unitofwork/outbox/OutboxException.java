package org.unitofwork.outbox;

/**
 * Thrown by the outbox and the inbox when they cannot do what was asked: no unit to publish in, tables
 * that are missing, a database they do not support. Its message names the database, the table and what
 * to do.
 */
public class OutboxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutboxException(String message) {
        super(message);
    }

    OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
