package org.unitofwork;

/**
 * The thread registry of one database: the unit active on each thread, whose suspended units chain
 * below it; each database has its own, so units on different databases are independent (S19).
 * Boundaries look here to join (S5), suspend (S7, S9) or open; a unit's end restores the unit it
 * suspended (S2). It is the thread-local itself, so that finding the active unit, which every
 * boundary does, costs no more than the thread-local look-up.
 */
final class ActiveUnits extends ThreadLocal<Unit> {
    private final Database database;

    ActiveUnits(Database database) {
        this.database = database;
    }

    /**
     * The unit active on this thread, or null. S2: a dead unit found there (an {@code Error} cut its
     * end short) is discarded first, with the dead units it suspended: it is never joined.
     */
    Unit active() {
        Unit unit = get();
        return unit == null || !unit.isDead() ? unit : discardDead(unit);
    }

    private Unit discardDead(Unit dead) {
        Unit live = dead;
        while (live != null && live.isDead()) {
            Unit.LOG.warn("{} is still registered on its thread although it ended, or an Error cut its end short;"
                    + " it is discarded, its connection evicted if it still held one", live.describeAtStart());
            Unit next = live.suspended;
            UnitCompletion.discard(live);
            live = next;
        }
        restore(live);
        return live;
    }

    /** The session of the unit active on this thread, for code that joins it (S5, S13). */
    Session current() {
        Unit unit = active();
        if (unit == null) {
            String name = database.name();
            throw new NoActiveUnitException("No unit of work is active for database '" + name + "' on "
                    + Threads.describe(Thread.currentThread()) + ". Open one around this code: "
                    + (Database.DEFAULT_NAME.equals(name) ? "Database.named(\"default\")"
                            : "Database.named(\"" + name + "\")")
                    + ".run(session -> ...), a Boundary, or a @UnitOfWork method.");
        }
        return unit;
    }

    /** Opens a unit on this thread and makes it the active one, suspending {@code suspended}. */
    Unit open(Boundary boundary, Unit suspended, boolean transactional, int attempt, Throwable[] earlierFailures) {
        if (database.isClosed()) {
            throw new DatabaseConfigurationException("Boundary " + boundary.name() + " cannot open a unit: database '"
                    + database.name() + "' is closed. Build it again before using it.");
        }
        Unit unit = new Unit(database, boundary, suspended, transactional, attempt, earlierFailures);
        try {
            set(unit);
        } catch (Throwable struck) {
            unit.abandoned = true; // S2: registered or not, no boundary will end it: the next one discards it
            throw struck;
        }
        return unit;
    }

    /** Restores the registry after a dead unit, if the registry still names it. */
    void restoreAfterDead(Unit dead, Unit suspended) {
        if (get() == dead) {
            restore(suspended);
        }
    }

    /** Makes {@code suspended} the active unit again, or clears the thread's entry when it is null (S2). */
    void restore(Unit suspended) {
        if (suspended == null) {
            remove();
        } else {
            set(suspended);
        }
    }
}
