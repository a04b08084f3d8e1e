package org.unitofwork.spi;

import org.unitofwork.Boundary;

/**
 * Hears how each unit of work of a database ended: registered with {@link
 * org.unitofwork.Database#addObserver(UnitObserver)}, for metrics and tracing. Called on the unit's
 * thread once the unit has ended, its connection is back in the pool and its hooks have run; it must
 * be quick and thread-safe. What it throws is logged and otherwise ignored: observing never changes
 * how a unit ends.
 *
 * <p>A tracer also hears when each unit starts and when a nested boundary inside it rolls back to its
 * savepoint, on the unit's thread: between {@link #unitStarted} and {@link #unitEnded} of a unit, the
 * units it suspends ({@code REQUIRES_NEW}, {@code NOT_SUPPORTED}) start and end, innermost first, so a
 * tracer can keep its span current on the thread while the unit runs. An observer added or removed while
 * a unit runs may hear only one of the two.
 */
@FunctionalInterface
public interface UnitObserver {

    /**
     * Called once for every unit that ended: every unit a boundary opened, not the inner boundaries
     * that joined it.
     *
     * @param unit what happened
     */
    void unitEnded(UnitEnded unit);

    /**
     * Called when a unit starts, on its thread, before its work runs: every unit a boundary opens, each
     * attempt of a retried one included. Does nothing by default.
     *
     * @param boundary the boundary that opened the unit, with its attributes
     * @param attempt 0 for the first run of the boundary, n for its n-th retry
     */
    default void unitStarted(Boundary boundary, int attempt) {
    }

    /**
     * Called when a {@code NESTED} boundary inside a unit rolled back to its savepoint, on the unit's
     * thread; the unit goes on. Does nothing by default.
     *
     * @param nested the nested boundary
     * @param cause what it threw, or what doomed it
     */
    default void rolledBackToSavepoint(Boundary nested, Throwable cause) {
    }

    /**
     * Called when a unit held its connection longer than its budget, on its thread, once the connection
     * is back in the pool and before {@link #unitEnded}. Does nothing by default.
     *
     * @param held what happened
     */
    default void connectionHeldTooLong(ConnectionHeld held) {
    }
}
