package org.unitofwork;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Where the units of one database get their connections, and where a connection in an unknown state
 * goes instead of back to the pool: the primary pool or an adopted data source, the replica that
 * read-only units are routed to, the host a test's unit runs inside. Before a borrow it refuses
 * what could only wait out the pool's timeout (S7); after an {@code Error} it evicts (S4).
 */
final class ConnectionSource {
    private static final String PG_CANCEL_SIGNAL_TIMEOUT = "cancelSignalTimeout";

    private final Database database;
    /** How messages name where the connections come from: a redacted URL, or the adopted data source. */
    final String origin;
    /** Where units borrow their connections. */
    final DataSource source;
    /** Redacts the credentials from driver messages before they reach a message or a log. */
    private final Secrets secrets;
    /**
     * The same pool when it is a HikariCP one, else null: it resets connection state on return,
     * counts connections, evicts, and its size bounds what one thread can hold.
     */
    private final HikariDataSource hikari;
    /** What legacy transactions become inside units, for an adopted data source; null otherwise. */
    private final JoinMode joinMode;
    /** The most connections the pool holds; {@link Integer#MAX_VALUE} when the pool does not say. */
    private final int poolSize;
    /** Where read-only units borrow, when the database has a replica; else null. */
    private final HikariDataSource replica;
    /** How long after a thread's last write its read-only units stay on the primary. */
    private final long readYourWritesNanos;
    /** How long a unit may hold its connection before it is reported; 0 for no limit. */
    private final long holdBudgetNanos;
    /** Per thread, when it last wrote; used only with a replica. */
    private final ThreadLocal<LastWrite> lastWrites = ThreadLocal.withInitial(LastWrite::new);
    /**
     * Per thread, the connections {@link Database#dataSource()} lent outside any unit that may still be
     * open: they count against the pool like a suspended unit's (S7). Held weakly: the list outlives
     * the database in every thread that ever borrowed (a container's request threads, say), and a
     * closed connection of an adopted data source would keep the class loader of the application that
     * created it (an undeployed webapp) alive.
     */
    private final ThreadLocal<ArrayList<WeakReference<Connection>>> lentOutsideUnits = new ThreadLocal<>();
    /** Whether any thread was ever lent one, so that units of the others need not look. */
    private volatile boolean everLentOutsideUnits;

    ConnectionSource(Database database, String origin, DataSource source, Secrets secrets, HikariDataSource hikari,
            JoinMode joinMode, HikariDataSource replica, Duration readYourWrites, Duration holdBudget) {
        this.database = database;
        this.origin = origin;
        this.source = source;
        this.secrets = secrets;
        this.hikari = hikari;
        this.joinMode = joinMode;
        this.poolSize = hikari != null ? hikari.getMaximumPoolSize() : Integer.MAX_VALUE;
        this.replica = replica;
        this.readYourWritesNanos = readYourWrites.toNanos();
        this.holdBudgetNanos = holdBudget.toNanos();
    }

    /**
     * Opens a HikariCP pool for {@link Database.Builder}: always without auto-commit, since units
     * decide when to commit.
     *
     * @throws DatabaseConfigurationException when the pool cannot start; the message never contains the password
     */
    static HikariDataSource openPool(String name, String url, String poolName, String user, String password,
            int poolSize, Consumer<HikariConfig> configurer) {
        Secrets secrets = new Secrets(url, password);
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        if (configurer != null) {
            configurer.accept(config);
        }
        config.setAutoCommit(false);
        if (url.startsWith("jdbc:postgresql:") && !url.contains(PG_CANCEL_SIGNAL_TIMEOUT)
                && !config.getDataSourceProperties().containsKey(PG_CANCEL_SIGNAL_TIMEOUT)) {
            // S16: pgJDBC waits for the answer to a cancel request, 10 s by default, before the statement
            // ends: on a server that stopped answering, that wait would outlive the unit's deadline.
            config.addDataSourceProperty(PG_CANCEL_SIGNAL_TIMEOUT, "1");
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String advice = "No suitable driver".equals(root.getMessage())
                    ? ". No JDBC driver on the classpath accepts this URL: add the database's driver, or fix the URL."
                    : ". Check the URL, the credentials and that the server is reachable.";
            throw new DatabaseConfigurationException("Cannot open database '" + name + "' at "
                    + Secrets.redactUrl(url) + (user != null ? " as user '" + user + "'" : "") + ": "
                    + secrets.redact(root.getMessage()) + advice, secrets.redact(e));
        }
    }

    /**
     * S11: lends {@code unit} its connection, on its first use: from the replica or the primary, or
     * through its host; set up for the unit (S14, S15) and guarded (S12).
     */
    GuardedConnection lend(Unit unit) {
        boolean replica = routesToReplica(unit);
        RareState observed = unit.rare != null && unit.rare.observed ? unit.rare : null;
        long asked = observed != null ? System.nanoTime() : 0L;
        Connection c = borrow(unit, replica);
        if (observed != null) {
            observed.connectionWait = System.nanoTime() - asked;
        }
        long budget = HeldTooLong.budgetNanos(unit);
        if (budget > 0) {
            RareState r = unit.rare();
            r.holdBudget = budget;
            r.borrowedAt = new HeldTooLong.Borrowed();
            r.heldSince = System.nanoTime();
        }
        try {
            // A pool of our own hands out connections without auto-commit; an adopted one may not.
            boolean autoCommitWrong = isAdopted() ? adoptedAutoCommitWrong(unit, c) : !unit.transactional;
            boolean readOnlyWrong = unit.boundary.readOnly();
            boolean isolationWrong = unit.boundary.isolation() != Isolation.DEFAULT;
            if (!resetsConnections()) {
                // S14, S15: restored before the connection goes back to a pool that would not reset it
                boolean hasDeadline = unit.rare != null && unit.rare.deadline != 0L;
                unit.rare().changedState = new ConnectionState(c, isolationWrong, hasDeadline);
            }
            if (autoCommitWrong) {
                c.setAutoCommit(!unit.transactional);
            }
            if (readOnlyWrong) {
                c.setReadOnly(true); // S14
            }
            if (isolationWrong) {
                c.setTransactionIsolation(unit.boundary.isolation().jdbcLevel()); // S15
            }
            if (unit.rare != null) {
                setSavepoints(unit.rare.innermostNested, c); // S8: the nested scopes opened before the borrow
            }
            unit.driverConnection = resetsConnections() ? c.unwrap(Connection.class) : c;
        } catch (Throwable e) {
            if (e instanceof Error) {
                evictStruck(c, c, replica);
                throw (Error) e; // S1: an Error reaches the caller as it is
            }
            evict(c, replica, unit.changedState());
            throw new ConnectionUnavailableException(unit.describeAtStart() + " could not prepare its connection: " + e
                    + ". The connection was evicted from the pool.", e);
        }
        unit.connection = c;
        unit.fromReplica = replica;
        unit.guarded = new GuardedConnection(unit, c, GuardedConnection.Mode.STRICT);
        try {
            Deadline.boundNetwork(unit);
        } catch (SQLException e) {
            throw new ConnectionUnavailableException(unit.describeAtStart() + " could not bound its connection by its"
                    + " deadline: " + e, e);
        }
        return unit.guarded;
    }

    /**
     * Whether an adopted pool lent {@code c} with the wrong auto-commit for this unit; remembers what
     * it lent, which legacy code sees again after its {@code close()}. Out of {@link #lend}, whose
     * frame every unit's first borrow pays for, near the end of the stack too.
     */
    private static boolean adoptedAutoCommitWrong(Unit unit, Connection c) throws SQLException {
        boolean lent = c.getAutoCommit();
        unit.rare().legacyLentAutoCommit = lent;
        return lent == unit.transactional;
    }

    private static void setSavepoints(NestedScope nested, Connection c) throws SQLException {
        if (nested != null) {
            setSavepoints(nested.outer, c);
            nested.setSavepoint(c);
        }
    }


    /**
     * Whether {@code unit} borrows from the replica: it is read-only, does not ask for what a hot
     * standby cannot serve (serializable isolation), and its thread has not written within the
     * read-your-writes window.
     */
    boolean routesToReplica(Unit unit) {
        if (replica == null || !unit.boundary.readOnly() || unit.boundary.isolation() == Isolation.SERIALIZABLE
                || unit.host() != null) { // a unit inside a host runs on the host's connection
            return false; // a hot standby cannot run a serializable transaction
        }
        LastWrite last = lastWrites.get();
        return !last.wrote || System.nanoTime() - last.at > readYourWritesNanos;
    }

    /** Notes that this thread's unit has committed writes, so its next reads see them. */
    void wrote() {
        if (replica != null) {
            LastWrite last = lastWrites.get();
            last.wrote = true;
            last.at = System.nanoTime();
        }
    }

    private Connection borrow(Unit unit, boolean fromReplica) {
        DataSource pool = fromReplica ? replica : source;
        HikariDataSource counted = fromReplica ? replica : hikari;
        int inUnits = 0;
        for (Unit u = unit.suspended; u != null; u = u.suspended) {
            // a host's connection is the test's, which production would not hold: counted as production would
            if (u.connection != null && u.fromReplica == fromReplica && !u.hosts()) {
                inUnits++;
            }
        }
        int outside = fromReplica ? 0 : heldOutsideUnits();
        // S7: the connections this thread holds are not given back while it waits, so it would wait in vain
        if (inUnits + outside >= poolSize) {
            throw new ConnectionUnavailableException(unit.describeAtStart() + " needs a connection of its own, but this"
                    + " thread already holds all " + poolSize + " connections of pool " + counted.getPoolName()
                    + " (" + inUnits + " in the units it suspended, " + outside + " taken from dataSource() outside"
                    + " any unit and not closed yet): waiting could only time out. Raise poolSize, close what was taken"
                    + " from dataSource(), or use propagation REQUIRED or NESTED instead of REQUIRES_NEW.");
        }
        Unit host = unit.host();
        if (host != null) {
            return HostedConnection.open(unit, host);
        }
        try {
            return StackHeadroom.borrowFrom(pool);
        } catch (SQLException e) {
            throw new ConnectionUnavailableException(unit.describeAtStart() + " got no connection "
                    + whyNoConnection(e, counted) + ".", secrets.redact(e));
        }
    }

    /** Notes a connection that {@link Database#dataSource()} lends this thread outside any unit. */
    void lentOutsideUnits(Connection connection) {
        ArrayList<WeakReference<Connection>> lent = lentOutsideUnits.get();
        if (lent == null) {
            lent = new ArrayList<>(2);
            lentOutsideUnits.set(lent);
            everLentOutsideUnits = true;
        }
        forgetClosed(lent);
        lent.add(new WeakReference<>(connection));
    }

    private int heldOutsideUnits() {
        ArrayList<WeakReference<Connection>> lent = everLentOutsideUnits ? lentOutsideUnits.get() : null;
        if (lent == null) {
            return 0;
        }
        forgetClosed(lent);
        return lent.size();
    }

    private static void forgetClosed(ArrayList<WeakReference<Connection>> lent) {
        for (int i = lent.size() - 1; i >= 0; i--) {
            Connection connection = lent.get(i).get();
            boolean closed;
            try {
                closed = connection == null || connection.isClosed();
            } catch (SQLException e) {
                closed = true;
            }
            if (closed) {
                lent.remove(i);
            }
        }
    }

    /** A connection to ask the database what became of a commit: from the pool, outside any unit. */
    Connection resolvingConnection() throws SQLException {
        return StackHeadroom.borrowFrom(source);
    }

    /** How long to keep asking what became of a commit: the pool's connection timeout, as a restart may take. */
    long resolvePatienceMillis() {
        return hikari != null ? Math.max(hikari.getConnectionTimeout(), 1_000) : 30_000;
    }

    private String whyNoConnection(SQLException e, HikariDataSource counted) {
        if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
            return "because its thread was interrupted while it waited for one";
        }
        if (database.isClosed()) {
            return "because database '" + database.name() + "' was closed";
        }
        if (e instanceof SQLTransientConnectionException && counted != null) {
            return "from pool " + counted.getPoolName() + " within " + counted.getConnectionTimeout() + " ms ("
                    + active(counted) + " of " + poolSize + " in use, "
                    + counted.getHikariPoolMXBean().getThreadsAwaitingConnection() + " threads waiting): "
                    + secrets.redact(e.getMessage()) + ". Raise poolSize, or find the code that holds connections too long";
        }
        return "from " + origin + ": " + secrets.redact(e.getMessage()) + ". Check that the server is up and reachable";
    }

    /** See {@link Database#activeConnections()}. */
    int activeConnections() {
        if (hikari == null) {
            return -1;
        }
        return active(hikari) + (replica != null ? active(replica) : 0);
    }

    private static int active(HikariDataSource pool) {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        return bean == null ? 0 : bean.getActiveConnections();
    }

    /**
     * Whether the pool puts a returned connection back in its initial state (auto-commit, read-only,
     * isolation), as HikariCP does; otherwise units restore what they changed.
     */
    boolean resetsConnections() {
        return hikari != null;
    }

    /** Whether {@link Database#adopt} put an application's data source under units (S24). */
    boolean isAdopted() {
        return joinMode != null;
    }

    /** What legacy transactions become inside units; null unless the database is adopted. */
    JoinMode joinMode() {
        return joinMode;
    }

    /** The budget for holding a connection that boundaries without one of their own get; 0 for none. */
    long connectionHoldBudgetNanos() {
        return holdBudgetNanos;
    }

    /** Closes the pools the database opened; an adopted data source stays the application's. */
    void close() {
        if (!isAdopted()) {
            hikari.close();
        }
        if (replica != null) {
            replica.close();
        }
    }

    /**
     * Removes a connection in an unknown state from its pool, so it is never handed out again (S4). A
     * pool that cannot be asked to evict (an adopted one that is not HikariCP) gets it back rolled back
     * and as it was lent, or aborted when that fails. Never throws.
     */
    void evict(Connection connection, boolean fromReplica, ConnectionState changed) {
        if (HostedConnection.evict(connection)) {
            return;
        }
        HikariDataSource pool = fromReplica ? replica : hikari;
        try {
            if (pool != null) {
                pool.evictConnection(connection);
                return;
            }
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                if (changed != null) {
                    changed.restore(connection);
                }
            } catch (Throwable unusable) {
                connection.abort(Runnable::run);
            }
            connection.close();
        } catch (Throwable e) {
            Unit.LOG.warn("Database '{}': a connection in an unknown state could not be evicted: {}", database.name(),
                    secrets.redact(e.toString()));
        }
    }

    /**
     * Evicts a connection that an {@code Error} struck during a driver call (S4): the driver may have
     * stopped halfway through a message and still hold its own locks, which only this thread can
     * re-enter. Closing it gracefully, as the pool's closer thread would, sends more on that
     * protocol and can wait for those locks forever, while the server session keeps its transaction
     * and its locks. {@code abort} closes the socket without sending anything, here on the struck
     * thread, so the server rolls back at once; the pool then drops the closed connection. Never
     * throws.
     *
     * @param driverConnection the driver's connection under {@code connection}, or {@code connection}
     */
    void evictStruck(Connection connection, Connection driverConnection, boolean fromReplica) {
        try {
            driverConnection.abort(Runnable::run);
        } catch (Throwable e) {
            Unit.LOG.warn("Database '{}': a connection an Error struck could not be aborted: {}", database.name(),
                    secrets.redact(e.toString()));
        }
        evict(connection, fromReplica, null);
    }

    /** When a thread last committed a write. */
    static final class LastWrite {
        boolean wrote;
        long at;
    }
}
