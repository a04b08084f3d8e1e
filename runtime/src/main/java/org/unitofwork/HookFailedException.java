package org.unitofwork;

/**
 * Thrown when an {@code afterCommit}, {@code afterRollback} or {@code afterCompletion} hook fails after
 * a unit has ended. The unit's outcome stands (a committed unit stays committed, as the message says);
 * the first hook's failure is the cause and the others are suppressed.
 */
public class HookFailedException extends UnitOfWorkException {
    private static final long serialVersionUID = 1L;

    HookFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
