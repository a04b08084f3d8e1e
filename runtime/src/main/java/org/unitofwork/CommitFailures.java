package org.unitofwork;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * S4: tells a refused commit from one whose outcome is unknown, asks the database what became of it
 * when the boundary says so ({@link CommitResolution}), and says which it was. A server that answers
 * {@code COMMIT} with an error on a session that is still alive has rolled the transaction back; a
 * commit that failed because the session itself is gone may have been applied before it went.
 */
final class CommitFailures {
    /** The most causes and chained exceptions looked at: a cause chain may be a cycle. */
    private static final int MAX_DEPTH = 32;

    private CommitFailures() {
    }

    /**
     * Whether the {@code COMMIT} that failed with {@code failure} may have been applied: anything
     * but an {@code SQLException} (an {@code Error} struck mid-protocol), a connection error (SQLSTATE
     * class 08, the JDBC connection-exception types, an I/O error or a network timeout underneath),
     * the server going away (PostgreSQL 57P01, 57P02, 57P03), a cancelled wait (57014, such as for a
     * synchronous standby), a killed MariaDB or MySQL connection (70100), or a connection the driver
     * has closed since.
     */
    static boolean outcomeUnknown(Throwable failure, Connection connection) {
        if (!(failure instanceof SQLException)) {
            return true;
        }
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
            if (t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException) {
                for (SQLException e = (SQLException) t; e != null && depth < MAX_DEPTH; e = e.getNextException(), depth++) {
                    if (sessionGone(e)) {
                        return true;
                    }
                }
            }
        }
        try {
            return connection.isClosed();
        } catch (Throwable e) {
            return true;
        }
    }

    private static boolean sessionGone(SQLException e) {
        if (e instanceof SQLRecoverableException || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTransientConnectionException || e instanceof SQLTimeoutException) {
            return true;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("57014") || state.equals("70100"));
    }

    /**
     * Asks the database what became of a commit whose connection was lost; never throws.
     *
     * @return the outcome it learnt, or {@link Outcome#UNKNOWN}
     */
    static Outcome resolve(Unit unit, CommitResolution resolution, Throwable commitFailure) {
        if (resolution.wroteNothing()) {
            // No id, so no status to ask for; yet effects that only a commit makes happen (NOTIFY) may be lost.
            return Outcome.UNKNOWN;
        }
        try {
            Outcome resolved = resolution.resolve(unit.database, unit.database.connections.resolvePatienceMillis());
            if (resolved == Outcome.COMMITTED) {
                Unit.LOG.info("{} lost its connection during the commit; the database confirms that {} committed",
                        unit.describeAtStart(), resolution);
            }
            return resolved;
        } catch (Throwable e) {
            commitFailure.addSuppressed(e);
            return Outcome.UNKNOWN;
        }
    }

    private static String withoutFullStop(String message) {
        return message != null && message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    /**
     * What a unit whose commit failed with {@code e} throws: its work was rolled back, or whether it
     * was applied is unknown (S4).
     *
     * @param asCause whether {@code e} becomes the cause; an {@code Error} is thrown itself instead
     */
    static CommitFailedException commitFailed(Unit unit, Outcome ended, Throwable e, CommitResolution resolution,
            boolean asCause) {
        Throwable cause = asCause ? e : null;
        String said = unit.describeAtStart() + " could not commit: " + withoutFullStop(e.getMessage());
        if (ended == Outcome.ROLLED_BACK) {
            return new CommitFailedException(said + (resolution != null && !resolution.wroteNothing()
                    ? ". The connection was lost, and the database confirms that " + resolution + " rolled back."
                    : ". The work was rolled back."), cause);
        }
        return new CommitOutcomeUnknownException(said + ". The connection was lost during the commit, so whether the"
                + " work was applied is unknown" + (resolution != null
                        ? (resolution.wroteNothing() ? " (the transaction wrote no rows, so it has no id the database"
                                + " could be asked about; what only a commit does, such as NOTIFY, may or may not have"
                                + " happened)" : " (the database could not tell what became of " + resolution + ")")
                        : "") + ": check the data before repeating it"
                + (resolution == null ? ", or set resolveUnknownCommit on the boundary (PostgreSQL)" : "") + ".", cause);
    }
}
