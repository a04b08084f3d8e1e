package org.unitofwork.spi;

/**
 * Hears how each unit of work of a database ended: registered with {@link
 * org.unitofwork.Database#addObserver(UnitObserver)}, for metrics and tracing. Called on the unit's
 * thread once the unit has ended, its connection is back in the pool and its hooks have run; it must
 * be quick and thread-safe. What it throws is logged and otherwise ignored: observing never changes
 * how a unit ends.
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
}
