package org.unitofwork;

/**
 * Work that runs inside a unit of work and returns a result.
 *
 * @param <T> the result type
 * @param <E> the checked exception the work may throw; it reaches the caller unchanged
 */
@FunctionalInterface
public interface SessionFunction<T, E extends Throwable> {
    /**
     * Runs the work.
     *
     * @param session the unit's session
     * @return the result, handed to the caller once the unit has committed
     * @throws E when the work fails; the unit rolls back and the same instance is re-thrown
     */
    T call(Session session) throws E;
}
