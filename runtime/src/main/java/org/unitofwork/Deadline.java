package org.unitofwork;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * S16: a unit's timeout is a deadline for the whole unit, set as it opens, and it bounds everything
 * the unit waits for: each statement (the smaller of its own query timeout and the time left), the
 * network under every other call, and the commit. A unit past it rolls back and throws a
 * {@link UnitTimeoutException}, so the caller can tell that the deadline did it.
 */
final class Deadline {
    /** Runs the driver's network-timeout action at once; some drivers refuse a null executor. */
    private static final Executor DIRECT = Runnable::run;
    /** How much longer than a statement's query timeout the network may stay silent. */
    private static final long NETWORK_GRACE_MILLIS = 500;

    private Deadline() {
    }

    /**
     * The query timeout a statement runs with: the smaller of its own and the unit's remaining time,
     * rounded up to whole seconds; its own without a deadline.
     */
    static int queryTimeout(Unit unit, int ownTimeoutSeconds) {
        long deadline = unit.rare == null ? 0L : unit.rare.deadline;
        if (deadline == 0L) {
            return ownTimeoutSeconds;
        }
        int seconds = (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime() + 999_999_999L));
        return ownTimeoutSeconds > 0 ? Math.min(ownTimeoutSeconds, seconds) : seconds;
    }

    /** Bounds a statement about to execute in a unit with a deadline; see {@link Unit#beforeExecute}. */
    static void bound(Unit unit, Statement statement, int ownTimeoutSeconds) throws SQLException {
        int seconds = remainingSeconds(unit);
        statement.setQueryTimeout(ownTimeoutSeconds > 0 ? Math.min(ownTimeoutSeconds, seconds) : seconds);
        // The query timeout cancels the statement and keeps the connection; the network timeout, half a
        // second later, ends a wait on a server that no longer answers at all, cancels included.
        setNetworkTimeout(unit.connection, seconds * 1000L + NETWORK_GRACE_MILLIS);
    }

    /**
     * Bounds the connection's waits on the server by the unit's deadline, for calls that are not a
     * statement's execution: the first ones after borrowing, a savepoint, metadata queries.
     */
    static void boundNetwork(Unit unit) throws SQLException {
        if (unit.rare != null && unit.rare.deadline != 0L && unit.connection != null) {
            setNetworkTimeout(unit.connection, remainingSeconds(unit) * 1000L + NETWORK_GRACE_MILLIS);
        }
    }

    /** Bounds the commit by the unit's deadline: a commit cut by it has an unknown outcome (S4). */
    static void boundCommit(Unit unit, Connection c) throws SQLException {
        long deadline = unit.rare == null ? 0L : unit.rare.deadline;
        if (deadline != 0L) {
            setNetworkTimeout(c, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }

    /** The unit's remaining time in whole seconds, rounded up, as JDBC counts query timeouts. */
    private static int remainingSeconds(Unit unit) throws UnitTimeoutException {
        long remaining = unit.rare.deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(unit);
        }
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(remaining + 999_999_999L));
    }

    private static void setNetworkTimeout(Connection c, long millis) throws SQLException {
        try {
            c.setNetworkTimeout(DIRECT, (int) Math.min(Integer.MAX_VALUE, millis));
        } catch (SQLFeatureNotSupportedException e) {
            // an embedded database has no network to wait for
        }
    }

    /** Whether a transactional unit is past its deadline; without a transaction there is nothing to undo. */
    static boolean past(Unit unit) {
        long deadline = unit.rare == null ? 0L : unit.rare.deadline;
        return unit.transactional && deadline != 0L && System.nanoTime() - deadline >= 0;
    }

    /** Whether {@code failure} says already that the deadline cut the unit. */
    static boolean carriesTimeout(Throwable failure) {
        if (failure instanceof UnitTimeoutException) {
            return true;
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            if (suppressed instanceof UnitTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static UnitTimeoutException timedOut(Unit unit) {
        return new UnitTimeoutException(unit.describeAtStart() + " passed its deadline of "
                + unit.boundary.timeoutSeconds() + " s and was rolled back: make the work faster, or raise"
                + " timeoutSeconds.");
    }
}
