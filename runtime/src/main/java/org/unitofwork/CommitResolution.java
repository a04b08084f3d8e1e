package org.unitofwork;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Learns what became of a commit whose outcome was unknown, on PostgreSQL ({@link
 * UnitOfWork#resolveUnknownCommit()}). Just before {@code COMMIT}, in one round trip, it reads the
 * transaction's id and the server process serving it. After the connection was lost during the
 * commit, it asks a fresh connection {@code pg_xact_status} (PostgreSQL 13 and later; {@code
 * txid_status} before). A transaction still in progress there (its server process has not noticed
 * that its client is gone, or waits for a synchronous standby) is ended by terminating that process
 * — only if it still runs exactly that transaction — so that the answer becomes final.
 *
 * <p>A server that restarted in between is asked more carefully: after a crash, a transaction id
 * whose records never reached the disk is handed out again, and the status the server then gives is
 * another transaction's. So the capture also reads when the server started; if it has restarted
 * since, "committed" is not trusted: a clean shutdown's checkpoint does not show that no crash came
 * before it, after which the id may have been handed out and committed again (S4). "Aborted" and "in
 * progress" mean rolled back, whoever's they are, since a commit that reached the disk keeps its id;
 * and an id at or past the latest checkpoint's next one never reached the disk: rolled back, for
 * certain. A commit seen committed only after a restart stays unknown.
 */
final class CommitResolution {
    /** Pause between two questions while the server restarts or the transaction ends. */
    private static final long PAUSE_MILLIS = 100;

    /** The transaction's id, 64 bits with its epoch, as text; null when the unit wrote nothing. */
    private final String xid;
    private final int backendPid;
    /** When the server serving the transaction started, as the server gives it. */
    private final String serverStart;
    private final boolean modern;

    private CommitResolution(String xid, int backendPid, String serverStart, boolean modern) {
        this.xid = xid;
        this.backendPid = backendPid;
        this.serverStart = serverStart;
        this.modern = modern;
    }

    /**
     * Reads the transaction id of the unit's open transaction on {@code connection}.
     *
     * @return null when the connection is not PostgreSQL's (the outcome then stays unknown)
     * @throws SQLException when the server could not tell; the unit must then not commit
     */
    static CommitResolution capture(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        if (!"PostgreSQL".equals(meta.getDatabaseProductName())) {
            return null;
        }
        boolean modern = meta.getDatabaseMajorVersion() >= 13;
        String query = (modern ? "select pg_current_xact_id_if_assigned()::text" : "select txid_current_if_assigned()::text")
                + ", pg_backend_pid(), pg_postmaster_start_time()::text";
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return new CommitResolution(rs.getString(1), rs.getInt(2), rs.getString(3), modern);
        }
    }

    /** Whether the transaction wrote nothing: it has no id, and nothing of it can be lost or kept. */
    boolean wroteNothing() {
        return xid == null;
    }

    /**
     * Asks the database until it knows, or until {@code patienceMillis} have passed.
     *
     * @return {@link Outcome#COMMITTED}, {@link Outcome#ROLLED_BACK}, or {@link Outcome#UNKNOWN}
     *     when the database could not be asked in time or no longer knows the transaction
     * @throws SQLException the last failure to ask, when no answer came
     */
    Outcome resolve(Database database, long patienceMillis) throws SQLException {
        long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(patienceMillis);
        SQLException lastFailure = null;
        for (;;) {
            try (Connection c = database.connections.resolvingConnection()) {
                // a server that stops answering must not hold the resolution past its patience either
                c.setNetworkTimeout(Runnable::run, (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(giveUp - System.nanoTime())));
                try {
                    String status = status(c);
                    if ("committed".equals(status)) {
                        return Outcome.COMMITTED;
                    }
                    if ("aborted".equals(status)) {
                        return Outcome.ROLLED_BACK;
                    }
                    if (status == null) {
                        return Outcome.UNKNOWN; // too old to remember, or after a crash, not provably ours
                    }
                    terminateIfStillOurs(c);
                } finally {
                    if (!c.getAutoCommit()) {
                        c.rollback();
                    }
                }
            } catch (SQLException e) {
                lastFailure = e; // the server is restarting, or refuses connections for now
            }
            if (System.nanoTime() - giveUp >= 0) {
                if (lastFailure != null) {
                    throw lastFailure;
                }
                return Outcome.UNKNOWN;
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.UNKNOWN;
            }
        }
    }

    /** The transaction's status as {@code pg_xact_status} gives it, checked against a restart in between. */
    private String status(Connection c) throws SQLException {
        String query = (modern ? "select pg_xact_status(?::xid8)" : "select txid_status(?::bigint)")
                + ", pg_postmaster_start_time()::text";
        String status;
        try (PreparedStatement s = c.prepareStatement(query)) {
            s.setString(1, xid);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                status = rs.getString(1);
                if (serverStart.equals(rs.getString(2))) {
                    return status;
                }
            }
        }
        return afterRestart(c, status);
    }

    /**
     * The status from a server that has restarted since the capture, or null when it cannot be
     * trusted. The restart ended the transaction's server process, so "in progress" is another
     * transaction's, and so is "committed" for an id that did not survive: "aborted" and "in
     * progress" mean rolled back. "Committed" is never provably the transaction's: the server may
     * have crashed, handed the id out again and then shut down cleanly, all since the capture.
     */
    private String afterRestart(Connection c, String status) throws SQLException {
        if (!"committed".equals(status)) {
            return status == null ? null : "aborted";
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select next_xid from pg_control_checkpoint()")) {
            rs.next();
            String[] next = rs.getString(1).split(":");
            long nextXid = (Long.parseLong(next[0]) << 32) | Long.parseLong(next[1]);
            // at or past it, its records never reached the disk: the commit is another transaction's
            return Long.parseLong(xid) >= nextXid ? "aborted" : null;
        }
    }

    /**
     * Ends the server process that still runs the transaction, so that it commits or rolls back for
     * good. The transaction id check keeps it from ending another session that reuses the process id.
     */
    private void terminateIfStillOurs(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_terminate_backend(pid) from pg_stat_activity"
                + " where pid = ? and backend_xid::text = ?")) {
            s.setInt(1, backendPid);
            s.setString(2, Long.toString(Long.parseLong(xid) & 0xFFFF_FFFFL));
            s.executeQuery().close();
        }
    }

    @Override
    public String toString() {
        return "transaction " + xid + " of server process " + backendPid;
    }
}
