package org.unitofwork;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a refused commit from one whose outcome is unknown (S4). A server that answers
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
}
