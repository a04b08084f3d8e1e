package org.unitofwork;

/**
 * Thrown when a {@link Boundary} cannot be built as described: a blank name, attributes that
 * contradict each other (such as {@code retries} with a propagation that never opens a transaction),
 * or an exception class in both {@code rollbackFor} and {@code noRollbackFor}. The message names
 * the boundary and the attribute to change. The annotation processor reports the same message as a
 * compile error on the annotated method.
 */
public class BoundaryConfigurationException extends UnitOfWorkException {
    private static final long serialVersionUID = 1L;

    BoundaryConfigurationException(String message) {
        super(message);
    }
}
