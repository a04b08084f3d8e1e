package org.unitofwork;

/**
 * Work that runs inside a unit of work and returns nothing.
 *
 * @param <E> the checked exception the work may throw; it reaches the caller unchanged
 */
@FunctionalInterface
public interface SessionAction<E extends Throwable> {
    /**
     * Runs the work.
     *
     * @param session the unit's session
     * @throws E when the work fails; the unit rolls back and the same instance is re-thrown
     */
    void run(Session session) throws E;
}
