package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.unitofwork.scenarios.TestDatabase;

/**
 * The paths where something else fails too: a driver or pool that throws what it should not, a
 * database closed under a unit, a fault in the middle of cleanup. The user's exception must survive
 * and the thread must be left clean, whatever happens.
 */
class FailurePathTest {

    /** Decides, per call on a connection, to answer itself (non-null) or let the connection answer. */
    interface Interception {
        Object apply(String method, Object[] args) throws Throwable;
    }

    private static final Object NOTHING = new Object();

    private static Connection intercepted(Connection target, Interception interception) {
        return (Connection) Proxy.newProxyInstance(FailurePathTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object answer = interception.apply(method.getName(), args);
                    if (answer != null) {
                        return answer == NOTHING ? null : answer;
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A pool of one connection that resets nothing and never closes it, as a naive pool would. */
    private static DataSource naivePool(Connection physical, Interception interception) {
        return (DataSource) Proxy.newProxyInstance(FailurePathTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getConnection":
                            return intercepted(physical, (name, a) -> "close".equals(name) ? NOTHING : interception.apply(name, a));
                        case "isWrapperFor":
                            return false;
                        case "toString":
                            return "naive pool";
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    void aRollbackThatThrowsAnUncheckedExceptionNeitherMasksTheFailureNorLeavesTheUnitBehind() throws Exception {
        Connection physical = DriverManager.getConnection("jdbc:h2:mem:fp_rollback;DB_CLOSE_DELAY=-1", "sa", "");
        DataSource pool = naivePool(physical, (name, args) -> {
            if ("rollback".equals(name) && args == null) {
                throw new IllegalStateException("driver bug in rollback");
            }
            return null;
        });
        try (Database db = Database.adopt("fp_rollback", pool)) {
            IllegalArgumentException failure = new IllegalArgumentException("user failure");
            Throwable caught = assertThrows(Throwable.class, () -> db.run(session -> {
                session.connection();
                throw failure;
            }));
            assertSame(failure, caught);
            assertTrue(failure.getSuppressed()[0].getMessage().contains("could not roll back"),
                    failure.getSuppressed()[0].getMessage());
            assertThrows(NoActiveUnitException.class, () -> Session.current("fp_rollback"));
        } finally {
            physical.close();
        }
    }

    @Test
    void statementsLeadBackToTheGuardedConnectionOnly() throws Exception {
        try (Database db = Database.builder("jdbc:h2:mem:fp_escape;DB_CLOSE_DELAY=-1").name("fp_escape").build()) {
            db.run(session -> session.connection().createStatement().execute("create table t (id int)"));
            assertThrows(IllegalStateException.class, () -> db.run(session -> {
                try (Statement s = session.connection().createStatement()) {
                    s.executeUpdate("insert into t values (1)");
                    assertSame(session.connection(), s.getConnection());
                    assertThrows(GuardedConnectionException.class, () -> s.getConnection().commit());
                    try (ResultSet rs = s.executeQuery("select id from t")) {
                        assertSame(s, rs.getStatement());
                        assertThrows(GuardedConnectionException.class, () -> rs.getStatement().getConnection().commit());
                    }
                    assertSame(session.connection(), session.connection().getMetaData().getConnection());
                    assertThrows(GuardedConnectionException.class, () -> s.unwrap(org.h2.jdbc.JdbcStatement.class));
                }
                throw new IllegalStateException("the unit fails: nothing may be committed");
            }));
            int rows = db.call(session -> {
                try (ResultSet rs = session.connection().createStatement().executeQuery("select count(*) from t")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(0, rows);
        }
    }

    @Test
    void aWrappedHikariPoolGetsAFailedConnectionBackInsteadOfLeakingIt() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:fp_wrapped;DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(2);
        try (HikariDataSource hikari = new HikariDataSource(config)) {
            DataSource wrapper = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        if ("getConnection".equals(method.getName())) {
                            return intercepted(hikari.getConnection(), (name, a) -> {
                                if ("commit".equals(name)) {
                                    throw new SQLException("connection reset", "08006");
                                }
                                return null;
                            });
                        }
                        if ("isWrapperFor".equals(method.getName())) {
                            return ((Class<?>) args[0]).isInstance(hikari);
                        }
                        return method.invoke(hikari, args);
                    });
            try (Database db = Database.adopt("fp_wrapped", wrapper)) {
                assertThrows(CommitFailedException.class, () -> db.run(Session::connection));
                assertEquals(0, hikari.getHikariPoolMXBean().getActiveConnections(), "the connection leaked");
            }
        }
    }

    @Test
    void aPoolThatCannotEvictGetsAFailedConnectionBackAsItLentIt() throws Exception {
        Connection physical = DriverManager.getConnection("jdbc:h2:mem:fp_naive;DB_CLOSE_DELAY=-1", "sa", "");
        AtomicBoolean failCommit = new AtomicBoolean(true);
        DataSource pool = naivePool(physical, (name, args) -> {
            if ("commit".equals(name) && failCommit.getAndSet(false)) {
                throw new SQLException("connection reset", "08006");
            }
            return null;
        });
        try (Database db = Database.adopt("fp_naive", pool)) {
            assertThrows(CommitFailedException.class, () -> Boundary.builder("Report.run").database("fp_naive")
                    .isolation(Isolation.SERIALIZABLE).build().run(Session::connection));
            assertTrue(physical.getAutoCommit(), "handed back without auto-commit, so legacy work would never commit");
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, physical.getTransactionIsolation());
        } finally {
            physical.close();
        }
    }

    @Test
    void aRefusedCommitWhoseStateIsKnownKeepsTheConnection() throws Exception {
        TestDatabase pg = TestDatabase.POSTGRES;
        pg.assumeAvailable();
        String url = pg.newUrl();
        String table = TestDatabase.uniqueName("uow_refused");
        try (Connection c = pg.connect(url); Statement s = c.createStatement()) {
            s.execute("create table " + table + " (id int, constraint " + table + "_u unique (id) deferrable initially deferred)");
        }
        try (Database db = pg.build("fp_refused", url, 1)) {
            long before = db.call(s -> pg.sessionId(s.connection()));
            CommitFailedException e = assertThrows(CommitFailedException.class, () -> db.run(s ->
                    s.connection().createStatement().executeUpdate("insert into " + table + " values (1), (1)")));
            assertTrue(e.getMessage().endsWith("The work was rolled back."), e.getMessage());
            assertEquals(before, (long) db.call(s -> pg.sessionId(s.connection())),
                    "a connection whose transaction is known to be rolled back goes back to the pool");
        } finally {
            pg.dropTable(url, table);
        }
    }

    @Test
    void theReplicaHasAPoolOfItsOwnForTheSelfDeadlockCheck() throws Exception {
        try (Database db = Database.builder("jdbc:h2:mem:fp_primary;DB_CLOSE_DELAY=-1").name("fp_replica").poolSize(1)
                .replica("jdbc:h2:mem:fp_replica;DB_CLOSE_DELAY=-1").build()) {
            Boundary readOnly = Boundary.builder("Reports.inner").database("fp_replica").readOnly(true)
                    .propagation(Propagation.REQUIRES_NEW).build();
            Boundary.builder("Orders.outer").database("fp_replica").build().run(outer -> {
                outer.connection();
                readOnly.run(Session::connection); // the replica's pool is idle: no self-deadlock
            });
            assertEquals(0, db.activeConnections());
        }
    }

    @Test
    void aUnitWithoutATransactionPastItsDeadlineKeepsWhatItCommitted() throws Exception {
        try (Database db = Database.builder("jdbc:h2:mem:fp_deadline;DB_CLOSE_DELAY=-1").name("fp_deadline").build()) {
            db.run(s -> s.connection().createStatement().execute("create table t (id int)"));
            AtomicReference<Outcome> outcome = new AtomicReference<>();
            Boundary.builder("Audit.log").database("fp_deadline").propagation(Propagation.NOT_SUPPORTED)
                    .timeoutSeconds(1).build().run(s -> {
                        s.afterCompletion(outcome::set);
                        s.connection().createStatement().executeUpdate("insert into t values (1)");
                        Thread.sleep(1_100);
                    });
            assertEquals(Outcome.COMMITTED, outcome.get(), "its statements committed as they ran");
        }
    }

    @Test
    void aClosedDatabaseSaysSoInsteadOfUsingAnotherOfTheSameName() throws Exception {
        Database first = Database.builder("jdbc:h2:mem:fp_closed1").name("fp_closed").build();
        first.close();
        try (Database second = Database.builder("jdbc:h2:mem:fp_closed2").name("fp_closed").build()) {
            DatabaseConfigurationException e = assertThrows(DatabaseConfigurationException.class,
                    () -> first.run(Session::connection));
            assertTrue(e.getMessage().contains("database 'fp_closed' is closed"), e.getMessage());
            assertSame(second, Boundary.builder("Named").database("fp_closed").build().call(Session::database));
        }
    }

    @Test
    void aJoinedFailureSurvivesTheDatabaseBeingClosedUnderIt() {
        Database db = Database.builder("jdbc:h2:mem:fp_under").name("fp_under").build();
        Boundary inner = Boundary.builder("Inner.step").database("fp_under").build();
        IllegalStateException failure = new IllegalStateException("inner fails");
        Throwable caught = assertThrows(Throwable.class, () -> Boundary.builder("Outer.flow").database("fp_under")
                .build().run(outer -> {
                    outer.connection();
                    inner.run(i -> {
                        db.close(); // say, a shutdown hook on another thread
                        throw failure;
                    });
                }));
        assertSame(failure, caught);
        assertThrows(DatabaseConfigurationException.class, () -> Session.current("fp_under"));
    }

    @Test
    void hooksOfANestedScopeThatRolledBackAreDiscardedWithItsWork() throws Exception {
        try (Database db = Database.builder("jdbc:h2:mem:fp_hooks").name("fp_hooks").build()) {
            Boundary nested = Boundary.builder("Orders.tryBonus").database("fp_hooks").propagation(Propagation.NESTED)
                    .build();
            List<String> events = new ArrayList<>();
            Boundary.builder("Orders.place").database("fp_hooks").build().run(outer -> {
                outer.afterCommit(() -> events.add("order placed"));
                assertThrows(IllegalStateException.class, () -> nested.run(inner -> {
                    inner.afterCommit(() -> events.add("bonus granted"));
                    throw new IllegalStateException("no bonus");
                }));
            });
            assertEquals(List.of("order placed"), events);
        }
    }

}
