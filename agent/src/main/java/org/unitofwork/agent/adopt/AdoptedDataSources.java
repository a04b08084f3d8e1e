package org.unitofwork.agent.adopt;

import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.unitofwork.Database;
import org.unitofwork.DatabaseConfigurationException;
import org.unitofwork.JoinMode;
import org.unitofwork.agent.config.Configuration;
import org.unitofwork.agent.config.DataSourceRule;
import org.unitofwork.agent.report.AgentLog;
import org.unitofwork.agent.report.ClassLoaderNames;

/**
 * The application's data source instances the agent has seen, and the {@link Database} each is
 * adopted as. Woven data source classes call {@link #connectionFor} and {@link #adopt}; the rest is for
 * the agent's own packages.
 *
 * <p>Each instance is decided once, on its first constructor exit or {@code getConnection()} call:
 * adopted under the configured name, or left alone because the runtime itself created it (the pools
 * of {@code Database.builder}) or because the name is taken (with a warning).
 *
 * <p>The adopted database borrows from the same instance the agent intercepts, so it borrows
 * through a {@link BorrowingDataSource}, which marks the thread: a {@code getConnection()} call on a
 * marked thread runs as written.
 */
public final class AdoptedDataSources {
    private static final ThreadLocal<Boolean> BORROWING = new ThreadLocal<>();
    /** Serializes adoptions; never held while the runtime holds its own registration lock. */
    private static final ReentrantLock ADOPTING = new ReentrantLock();
    /** Replaced, never changed in place: {@code getConnection()} reads it without locking. */
    private static final AtomicReference<Decision[]> DECISIONS = new AtomicReference<>(new Decision[0]);
    private static volatile AgentLog log = new AgentLog(System.err, null);
    /** The join mode of each database name a datasource line adopts. */
    private static volatile Map<String, JoinMode> joinModes = Map.of();

    private AdoptedDataSources() {
    }

    /**
     * What was decided for one instance: its database, or null when it is left alone, and what that
     * database borrows through.
     */
    private record Decision(WeakReference<Object> dataSource, Database database, BorrowingDataSource borrowing) {
    }

    /**
     * Sets where adoptions are said and each database's join mode, before anything is woven.
     *
     * @param agentLog the agent's log
     * @param configuration the configuration, whose datasource lines give the join modes
     */
    public static void use(AgentLog agentLog, Configuration configuration) {
        log = agentLog;
        Map<String, JoinMode> modes = new HashMap<>();
        for (DataSourceRule rule : configuration.dataSources()) {
            modes.put(rule.databaseName(), rule.joinMode());
        }
        joinModes = Map.copyOf(modes);
    }

    /**
     * Called on entry of a woven {@code getConnection()}.
     *
     * @param dataSource the instance asked for a connection
     * @param databaseName the name its class is adopted under
     * @return the connection to return instead of running the method: the unit's inside a unit, the
     *     application's own through the adopted database outside; null to run the method as written
     * @throws SQLException what the data source throws
     */
    public static Connection connectionFor(Object dataSource, String databaseName) throws SQLException {
        if (BORROWING.get() != null) {
            return null;
        }
        Database database = databaseOf(dataSource, databaseName);
        return database == null || database.isClosed() ? null : database.dataSource().getConnection();
    }

    /**
     * Called at the end of a woven constructor: adopts the new instance unless the runtime created it
     * or the name is taken.
     *
     * @param dataSource the instance
     * @param databaseName the name its class is adopted under
     */
    public static void adopt(Object dataSource, String databaseName) {
        databaseOf(dataSource, databaseName);
    }

    /**
     * Called at the end of a woven {@code close()}: the instance's database, if it was adopted, is
     * closed (which leaves the data source alone) and lets go of it, so that nothing of the agent or
     * the runtime keeps the instance, its class or its class loader, and a new instance (the webapp
     * deployed again) can be adopted under the same name. The closed instance is never adopted again.
     *
     * @param dataSource the instance closed
     */
    public static void closed(Object dataSource) {
        ADOPTING.lock();
        try {
            Decision decision = find(dataSource);
            if (decision == null) {
                return;
            }
            forget(decision);
            // decided for good, held weakly: a getConnection() after close() runs as written, adopting nothing
            record(dataSource, null, null);
            if (decision.borrowing() != null) {
                decision.borrowing().release();
            }
            if (decision.database() != null && !decision.database().isClosed()) {
                decision.database().close();
                log.report("released database '" + decision.database().name() + "': its instance of "
                        + dataSource.getClass().getName() + " (in " + ClassLoaderNames.describe(dataSource.getClass()
                        .getClassLoader()) + ") was closed; the next instance created is adopted under that name");
            }
        } finally {
            ADOPTING.unlock();
        }
    }

    /** Runs {@code borrow} with the thread marked, so that intercepted data sources run as written. */
    static Connection borrowing(DataSource source) throws SQLException {
        if (BORROWING.get() != null) {
            return source.getConnection();
        }
        BORROWING.set(Boolean.TRUE);
        try {
            return source.getConnection();
        } finally {
            BORROWING.remove();
        }
    }

    private static Database databaseOf(Object dataSource, String databaseName) {
        Decision known = find(dataSource);
        if (known != null) {
            return known.database();
        }
        if (createdByRuntime()) {
            record(dataSource, null, null);
            return null;
        }
        ADOPTING.lock();
        try {
            known = find(dataSource);
            if (known != null) {
                return known.database();
            }
            Database database = null;
            BorrowingDataSource borrowing = null;
            String className = dataSource.getClass().getName();
            try {
                JoinMode joinMode = joinModes.getOrDefault(databaseName, JoinMode.SAVEPOINT);
                borrowing = new BorrowingDataSource((DataSource) dataSource);
                database = Database.adopt(databaseName, borrowing, joinMode);
                log.report("adopted an instance of " + className + " as database '" + databaseName + "' (join mode "
                        + joinMode + "), in " + ClassLoaderNames.describe(dataSource.getClass().getClassLoader()));
            } catch (DatabaseConfigurationException e) {
                log.warnOnce("adopt " + className + " " + databaseName, "an instance of " + className
                        + " is not put under units: " + e.getMessage() + " Units on database '" + databaseName
                        + "' use the database already registered; remove the datasource line for " + className
                        + " from the agent's configuration if that is what you want.");
            }
            record(dataSource, database, borrowing);
            return database;
        } finally {
            ADOPTING.unlock();
        }
    }

    private static Decision find(Object dataSource) {
        for (Decision decision : DECISIONS.get()) {
            if (decision.dataSource().get() == dataSource) {
                return decision;
            }
        }
        return null;
    }

    private static void record(Object dataSource, Database database, BorrowingDataSource borrowing) {
        Decision[] current;
        Decision[] next;
        do {
            current = DECISIONS.get();
            List<Decision> kept = new ArrayList<>(current.length + 1);
            for (Decision decision : current) {
                if (decision.dataSource().get() != null) {
                    kept.add(decision); // instances the application let go are forgotten
                }
            }
            kept.add(new Decision(new WeakReference<>(dataSource), database, borrowing));
            next = kept.toArray(new Decision[0]);
        } while (!DECISIONS.compareAndSet(current, next));
    }

    private static void forget(Decision forgotten) {
        Decision[] current;
        Decision[] next;
        do {
            current = DECISIONS.get();
            List<Decision> kept = new ArrayList<>(current.length);
            for (Decision decision : current) {
                if (decision != forgotten && decision.dataSource().get() != null) {
                    kept.add(decision);
                }
            }
            next = kept.toArray(new Decision[0]);
        } while (!DECISIONS.compareAndSet(current, next));
    }

    /** Whether the runtime is on the stack: its own pools ({@code Database.builder}) are never adopted. */
    private static boolean createdByRuntime() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(frame -> {
            String name = frame.getClassName();
            return name.startsWith("org.unitofwork.") && name.indexOf('.', "org.unitofwork.".length()) < 0;
        }));
    }
}
