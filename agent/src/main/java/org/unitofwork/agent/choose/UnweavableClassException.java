package org.unitofwork.agent.choose;

/**
 * Why a class cannot be woven as asked; the class is then left exactly as it was, and the message,
 * which names the method and what to change, is shown once.
 */
public final class UnweavableClassException extends Exception {
    private static final long serialVersionUID = 1L;

    UnweavableClassException(String message, Throwable cause) {
        super(message, cause);
    }

    UnweavableClassException(String message) {
        super(message);
    }
}
