package org.unitofwork;

/**
 * What a boundary does on its thread as it begins, by its {@link Propagation}: join the active unit
 * (S5), open a unit of its own and suspend the active one (S7, S9), set a savepoint in it (S8), or
 * refuse (S9); and whether a joining boundary can live with the unit it joins (S14, S15).
 */
final class Propagations {
    private Propagations() {
    }

    /**
     * Begins {@code boundary} on the calling thread.
     *
     * @param attempt 0 for the first run, then the number of the retry (S17)
     * @param earlierFailures what the earlier attempts threw, or null on the first
     */
    static Scope begin(Boundary boundary, int attempt, Throwable[] earlierFailures) {
        StackHeadroom.beforeBegin();
        Database db = boundary.database();
        Unit active = db.units.active();
        // Tests of identity rather than a switch: javac compiles a switch on an enum to a synthetic class
        // initialised on first use, and virtual threads that arrive together wait for it pinned (S21).
        Propagation p = boundary.propagation();
        // A host (spi.HostUnit, a test's unit) is no unit to the code it runs: REQUIRED, NESTED and NEVER
        // open one of their own above it, which runs on a savepoint of its connection; MANDATORY and
        // SUPPORTS join it, as they would join the caller's unit in production.
        if (p == Propagation.REQUIRED) {
            if (active != null && active.isTransactional() && !active.hosts()) {
                checkJoinable(active, boundary);
                return boundary.joinedScope(); // S5: the same unit, and joining allocates nothing
            }
            return db.units.open(boundary, active, true, attempt, earlierFailures);
        }
        if (p == Propagation.REQUIRES_NEW) {
            return db.units.open(boundary, active, true, attempt, earlierFailures); // S7: the active unit is suspended
        }
        if (p == Propagation.NESTED) {
            if (active != null && active.isTransactional() && !active.hosts()) {
                checkJoinable(active, boundary);
                return NestedScope.begin(active, boundary); // S8
            }
            return db.units.open(boundary, active, true, attempt, earlierFailures); // S8: as REQUIRED without a unit
        }
        if (p == Propagation.MANDATORY) {
            if (active == null || !active.isTransactional()) { // S9
                throw new PropagationException("Boundary " + boundary.name() + " has propagation MANDATORY but no"
                        + " transactional unit of work is active for database '" + boundary.databaseName() + "' on "
                        + Threads.describe(Thread.currentThread())
                        + (active != null ? " (the session of " + active.boundary.name() + " runs without one)" : "")
                        + ": call it from inside a unit, or give it propagation REQUIRED to open one.");
            }
            checkJoinable(active, boundary);
            return boundary.joinedScope();
        }
        if (p == Propagation.SUPPORTS) { // S9: joins whatever is active, else runs without a transaction
            if (active != null) {
                if (active.isTransactional()) {
                    checkJoinable(active, boundary);
                }
                return boundary.joinedScope();
            }
            return db.units.open(boundary, null, false, attempt, earlierFailures);
        }
        if (p == Propagation.NOT_SUPPORTED) { // S9: suspends a transactional unit
            if (active != null && !active.isTransactional()) {
                return boundary.joinedScope();
            }
            return db.units.open(boundary, active, false, attempt, earlierFailures);
        }
        // S9: NEVER
        boolean hosted = active != null && active.hosts();
        if (active != null && active.isTransactional() && !hosted) {
            throw new PropagationException("Boundary " + boundary.name() + " has propagation NEVER but is called"
                    + " inside " + active.describe() + ": call it outside any unit, or give it propagation"
                    + " NOT_SUPPORTED to suspend the unit.");
        }
        return active != null && !hosted ? boundary.joinedScope()
                : db.units.open(boundary, active, false, attempt, earlierFailures);
    }

    /**
     * Throws unless {@code inner} can join {@code unit}: S14, a read-write boundary cannot join a
     * read-only unit; S15, nor one that asks for another isolation.
     */
    static void checkJoinable(Unit unit, Boundary inner) {
        if (unit.hosts()) {
            return; // a host stands for whatever unit the code under test would run in (see HostUnit)
        }
        Boundary outer = unit.boundary;
        if (outer.readOnly() && !inner.readOnly()) {
            throw new PropagationException(inner.subject() + " asks for a read-write unit but would join "
                    + unit.describe() + ", which is read-only: make " + outer.name() + " read-write, or "
                    + inner.givePropagation("REQUIRES_NEW") + ".");
        }
        if (inner.isolation() != Isolation.DEFAULT && inner.isolation() != outer.isolation()) {
            throw new PropagationException(inner.subject() + " asks for isolation " + inner.isolation()
                    + " but would join " + unit.describe() + ", which runs with isolation " + outer.isolation()
                    + ": open the unit with isolation " + inner.isolation() + ", or "
                    + inner.givePropagation("REQUIRES_NEW") + ".");
        }
    }
}
