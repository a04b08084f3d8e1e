package org.unitofwork;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.unitofwork.spi.UnitEnded;

/**
 * How a unit ends, once: whether it commits or rolls back (S1, S6, S10, S16), the commit and what a
 * failed one leaves (S4), the release of its connection and of the thread's registry entry whatever
 * happens (S2), failures of the cleanup added to what the boundary throws, never in its place (S3),
 * then its hooks (S18) and its report to JFR, the debug log and the observers.
 */
final class UnitCompletion {
    private UnitCompletion() {
    }

    /**
     * Ends the unit once: commit or rollback, release, restore the registry, run the hooks.
     *
     * @param unit the unit, still active
     * @param failure what the boundary threw, or null when it returned normally
     * @return what the boundary must throw: {@code failure} with cleanup failures suppressed, or
     *     when it returned normally, an exception of the runtime when the unit could not commit
     */
    static Throwable end(Unit unit, Throwable failure) {
        RareState r = unit.rare;
        Throwable doomedBy = r == null ? null : r.failedInnerCause;
        boolean rollbackRequested = r != null && r.rollbackRequested;
        Throwable primary = failure;
        boolean commit;
        if (failure == null) {
            if (doomedBy != null) {
                // S6: a joined boundary failed; returning normally does not commit, and says why
                primary = unit.rollbackOnly(unit.boundary, r.failedInner, doomedBy);
            } else if (Deadline.past(unit)) {
                primary = Deadline.timedOut(unit); // S16
            }
            commit = primary == null && !rollbackRequested; // S1: a return commits
        } else {
            // S1: a throw rolls back; S10: unless noRollbackFor matches it
            commit = !rollbackRequested && !unit.boundary.rollsBackOn(failure);
            if (commit && doomedBy != null) { // S6
                commit = false;
                if (doomedBy != failure) {
                    failure.addSuppressed(unit.rollbackOnly(unit.boundary, r.failedInner, doomedBy));
                }
            } else if (Deadline.past(unit)) {
                // S16: whether the deadline cut a statement or the work failed late, the caller learns it
                commit = false;
                if (!Deadline.carriesTimeout(failure)) {
                    failure.addSuppressed(Deadline.timedOut(unit));
                }
            }
        }

        if (commit && r != null && r.resources != null && !unit.poisoned) {
            // Flushing is the work's last step, so the session is still usable and the unit decides afterwards.
            Throwable flushFailed = SessionResources.flush(unit);
            if (flushFailed != null) {
                commit = false;
                primary = chain(primary, flushFailed);
            } else if (r.failedInnerCause != null) {
                commit = false;
                primary = chain(primary, unit.rollbackOnly(unit.boundary, r.failedInner, r.failedInnerCause));
            } else if (r.rollbackRequested) {
                commit = false;
            } else if (Deadline.past(unit)) {
                commit = false;
                primary = chain(primary, Deadline.timedOut(unit));
            }
        }
        // S4: PostgreSQL turns the COMMIT of a transaction a failed statement aborted into a rollback. A
        // read-only transaction wrote nothing the server keeps, so an aborted one loses nothing.
        if (commit && unit.statementFailed && unit.connection != null && unit.transactional && !unit.poisoned
                && !unit.boundary.readOnly()) {
            Throwable aborted = abortedByAFailedStatement(unit);
            if (aborted != null) {
                commit = false;
                primary = chain(primary, aborted);
            }
        }
        if (unit.poisoned) {
            // S4: the connection's protocol state is unknown: nothing more is sent on it, and closing it
            // makes the server roll the transaction back.
            commit = false;
            primary = chain(primary, poisonedConnection(unit));
        }
        unit.outcome = Outcome.ROLLED_BACK; // ended from here on, whatever fails below; the real outcome follows

        Connection c = unit.connection; // after the flush, which may have borrowed it
        boolean evict = unit.poisoned;
        Outcome ended = Outcome.ROLLED_BACK;
        Throwable commitFailure = null;
        CommitResolution resolution = null;
        try {
            if (!unit.transactional) {
                ended = Outcome.COMMITTED;
            } else {
                if (commit && c != null && unit.boundary.resolveUnknownCommit() && !unit.boundary.readOnly()) {
                    try {
                        resolution = CommitResolution.capture(c);
                    } catch (Throwable e) {
                        commit = false;
                        if (e instanceof Error) {
                            unit.poisoned = true; // the driver may have stopped halfway: no rollback is sent (S2)
                            evict = true;
                        }
                        primary = chain(primary, new UnitOfWorkException(unit.describeAtStart() + " did not commit: it"
                                + " could not read its transaction id, which resolveUnknownCommit needs (PostgreSQL 10"
                                + " or later): " + e.getMessage() + ". The work was rolled back.", e));
                    }
                }
                if (commit) {
                    ended = Outcome.COMMITTED; // S11: a unit that borrowed nothing sends no COMMIT
                    if (c != null) {
                        try {
                            Deadline.boundCommit(unit, c);
                            c.commit();
                        } catch (Throwable e) {
                            commitFailure = e;
                            unit.poisoned |= e instanceof Error; // the driver may have stopped halfway (S2)
                            // S4: ROLLED_BACK only when certain; a connection in an unknown state is evicted
                            ended = CommitFailures.outcomeUnknown(e, c) ? Outcome.UNKNOWN : Outcome.ROLLED_BACK;
                            // A refused commit leaves the transaction rolled back; rolling back makes sure of it,
                            // and only a connection whose state is then known goes back to the pool.
                            UnitOfWorkException rollbackFailed = ended == Outcome.UNKNOWN ? null : rollBack(unit, c);
                            if (rollbackFailed != null) {
                                e.addSuppressed(rollbackFailed);
                            }
                            evict = ended == Outcome.UNKNOWN || rollbackFailed != null;
                        }
                    }
                } else if (c != null && !evict) {
                    UnitOfWorkException rollbackFailed = rollBack(unit, c);
                    if (rollbackFailed != null) {
                        evict = true;
                        primary = chain(primary, rollbackFailed);
                    }
                }
            }
        } finally {
            unit.outcome = ended;
            try { // S2: whatever happened above, the connection and the registry are released
                if (unit.rare != null && unit.rare.resources != null) {
                    primary = SessionResources.close(unit, ended, primary);
                }
            } finally {
                primary = release(unit, c, evict, primary);
            }
        }
        if (commitFailure != null) {
            if (ended == Outcome.UNKNOWN && resolution != null) {
                ended = CommitFailures.resolve(unit, resolution, commitFailure);
                unit.outcome = ended;
            }
            if (!(commitFailure instanceof Exception)) {
                // S1: an Error reaches the caller as it is; what became of the commit is said beside it
                commitFailure.addSuppressed(ended == Outcome.COMMITTED
                        ? new UnitOfWorkException(unit.describeAtStart() + " committed: the database confirms it.")
                        : CommitFailures.commitFailed(unit, ended, commitFailure, resolution, false));
                primary = chain(primary, commitFailure);
            } else if (ended != Outcome.COMMITTED) {
                primary = chain(primary, CommitFailures.commitFailed(unit, ended, commitFailure, resolution, true));
            }
        }
        if (ended == Outcome.COMMITTED && c != null && !unit.boundary.readOnly()) {
            unit.database.connections.wrote();
        }
        if (unit.rare != null && unit.rare.heldSince != 0L) {
            HeldTooLong.check(unit);
        }
        Throwable thrown = Hooks.run(unit, ended, primary); // S18: once the connection is back in the pool
        if (unit.rare != null && unit.rare.observed) {
            report(unit, ended, ended == Outcome.COMMITTED ? null : primary != null ? primary : doomedBy, thrown);
        }
        return thrown;
    }

    /**
     * Finishes what an {@code Error} kept the end of this unit from doing: its connection, if it still
     * holds one, is evicted (its state is unknown), and the thread's registry is restored. Never
     * throws; whatever it cannot do now, the next boundary on the thread does.
     */
    static void discardQuietly(Unit unit) {
        try {
            discard(unit);
        } catch (Throwable e) {
            // even calling it overflowed: the next boundary on the thread discards the unit
        }
    }

    /** S2: gives up a dead unit, evicting the connection it may still hold, and restores the registry. */
    static void discard(Unit unit) {
        unit.abandoned = true;
        try {
            Connection c = unit.connection;
            if (c != null && !unit.released) {
                unit.released = true;
                if (unit.guarded != null) {
                    unit.guarded.invalidate();
                }
                unit.database.connections.evictStruck(c, unit.driverConnection, unit.fromReplica);
            }
            unit.database.units.restoreAfterDead(unit, unit.suspended);
        } catch (Throwable e) {
            // The registry still names this unit as dead: the next boundary on the thread discards it.
        }
    }

    /**
     * After a statement failed, whether PostgreSQL has aborted the transaction (a {@code COMMIT} would
     * be a silent rollback), asked with one probe: null when the unit can still commit, as it can
     * once the work rolled back to a savepoint, and on databases that keep a transaction going.
     */
    private static RollbackOnlyException abortedByAFailedStatement(Unit unit) {
        try {
            if (!"PostgreSQL".equals(unit.connection.getMetaData().getDatabaseProductName())) {
                return null;
            }
            try (Statement probe = unit.connection.createStatement()) {
                probe.execute("select 1");
            }
            return null;
        } catch (SQLException e) {
            return new RollbackOnlyException(unit.boundary.subject() + " on database '" + unit.database.name()
                    + "' returned normally on " + Threads.describe(unit.owner) + ", but it was rolled back: a statement"
                    + " failed in the unit and the database aborted the whole transaction (" + e.getMessage() + ")."
                    + " Let the statement's exception propagate, or run the statement in a NESTED boundary so that"
                    + " its failure rolls back to a savepoint and the unit goes on.", e);
        }
    }

    private static UnitOfWorkException poisonedConnection(Unit unit) {
        return new UnitOfWorkException(unit.describeAtStart() + " was rolled back: an Error (such as a stack overflow)"
                + " struck inside a call to the driver, which leaves its connection in an unknown state. The"
                + " connection is evicted from the pool without a commit. Let such an Error propagate, or give the"
                + " thread a deeper stack.");
    }


    /** Rolls the connection back: {@code null} when that worked, else the failure, described. */
    private static UnitOfWorkException rollBack(Unit unit, Connection c) {
        try {
            c.rollback();
            return null;
        } catch (Throwable e) {
            unit.poisoned |= e instanceof Error; // the driver may have stopped halfway (S2)
            return new UnitOfWorkException(unit.describeAtStart() + " could not roll back: " + e.getMessage()
                    + ". The connection is evicted from the pool, which discards the work.", e);
        }
    }

    /** Gives the connection back, or evicts it, and restores the thread's registry; never throws. */
    private static Throwable release(Unit unit, Connection c, boolean evict, Throwable primary) {
        try {
            if (c != null) {
                unit.guarded.invalidate();
                if (unit.rare != null && unit.rare.legacyGuarded != null) {
                    unit.rare.legacyGuarded.invalidate();
                }
                if (unit.poisoned) {
                    unit.database.connections.evictStruck(c, unit.driverConnection, unit.fromReplica);
                } else if (evict) {
                    unit.database.connections.evict(c, unit.fromReplica, unit.changedState());
                } else {
                    if (unit.changedState() != null) {
                        unit.changedState().restore(c);
                    }
                    c.close();
                }
            }
        } catch (Throwable e) {
            if (e instanceof Error) {
                unit.database.connections.evictStruck(c, unit.driverConnection, unit.fromReplica);
            } else {
                unit.database.connections.evict(c, unit.fromReplica, unit.changedState());
            }
            primary = cleanupFailed(unit, primary, e, unit.outcome,
                    "giving its connection back (it was evicted instead)");
        } finally {
            unit.released = true;
            unit.database.units.restore(unit.suspended);
        }
        return primary;
    }

    /**
     * S3: joins a failure of the unit's cleanup to what the boundary throws. Without anything else to
     * throw, an {@code Error} is thrown itself, never turned into a log line; an exception is logged,
     * as the outcome stands.
     */
    static Throwable cleanupFailed(Unit unit, Throwable primary, Throwable e, Outcome ended, String what) {
        if (primary != null) {
            suppress(primary, e);
            return primary;
        }
        if (!(e instanceof Exception)) {
            e.addSuppressed(new UnitOfWorkException(unit.describeAtStart() + " ended (" + ended + "; that stands), but "
                    + what + " failed with this error."));
            return e;
        }
        Unit.LOG.warn("{} ended ({}), but {} failed; the outcome stands", unit.describeAtStart(), ended, what, e);
        return null;
    }


    private static Throwable chain(Throwable primary, Throwable secondary) {
        if (primary == null) {
            return secondary;
        }
        suppress(primary, secondary);
        return primary;
    }

    /** S3: adds {@code secondary} to {@code primary}, unless it is the same exception (a resource may re-throw it). */
    static void suppress(Throwable primary, Throwable secondary) {
        if (secondary != primary) {
            primary.addSuppressed(secondary);
        }
    }


    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    /** Tells the JFR recording, the debug log and the observers how the unit ended; never throws. */
    private static void report(Unit unit, Outcome ended, Throwable cause, Throwable thrown) {
        RareState r = unit.rare;
        // the condition on which failed() runs the boundary again, which a tracer needs to know now
        boolean retrying = thrown != null && ended == Outcome.ROLLED_BACK && r.attempt < unit.boundary.retries()
                && Retries.isTransient(thrown);
        UnitEnded summary = new UnitEnded(unit.boundary.name(), unit.database.name(), ended, cause,
                System.nanoTime() - r.started, r.connectionWait, r.statements, r.attempt, retrying);
        try {
            if (r.event != null) {
                UnitRecording.commit(r.event, summary);
            }
            if (Unit.LOG.isDebugEnabled()) {
                Unit.LOG.debug("{}: {} in {} ms (connection wait {} ms, {} statements{}){}", unit.describeAtStart(),
                        ended, millis(summary.durationNanos()), millis(summary.connectionWaitNanos()),
                        summary.statements(),
                        summary.attempt() > 0 ? ", retry " + summary.attempt() : "",
                        cause != null ? ": " + cause : thrown != null ? "; then " + thrown : "");
            }
        } catch (Throwable e) {
            Unit.LOG.warn("Recording {} failed", unit.describe(), e);
        }
        unit.database.extensions.unitEnded(summary);
    }

}
