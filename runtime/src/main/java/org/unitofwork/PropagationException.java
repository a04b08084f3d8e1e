package org.unitofwork;

/**
 * Thrown when a boundary cannot start as its {@link Propagation} or its attributes demand: no unit
 * for {@link Propagation#MANDATORY}, an active unit for {@link Propagation#NEVER}, or a joined unit that
 * cannot give what the inner boundary asks for (read-write inside read-only, another isolation level).
 */
public class PropagationException extends UnitOfWorkException {
    private static final long serialVersionUID = 1L;

    PropagationException(String message) {
        super(message);
    }
}
