package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.scenarios.TestDatabase;

/**
 * Faults of the server and the pool, on the real PostgreSQL server: the unit fails with a clear
 * error, nothing is half-committed, and the pool heals.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ServerFaultTest {
    private static final TestDatabase TARGET = TestDatabase.POSTGRES;

    @Test
    void backendKilledMidUnitLeavesNothingAndThePoolHeals() throws Exception {
        TARGET.assumeAvailable();
        String url = TARGET.newUrl();
        String table = TestDatabase.uniqueName("uow_kill");
        TARGET.createTable(url, table);
        try (Database db = TARGET.build("killed", url, 2)) {
            Boundary unit = Boundary.builder("Orders.import").database("killed").build();
            SQLException e = assertThrows(SQLException.class, () -> unit.run(session -> {
                insert(session, table, 1);
                try (Connection admin = TARGET.connect(url); Statement s = admin.createStatement()) {
                    s.execute("select pg_terminate_backend(" + backendPid(session) + ")");
                }
                insert(session, table, 2);
            }));
            String state = String.valueOf(e.getSQLState());
            assertTrue(state.startsWith("08") || state.startsWith("57"),
                    "a connection failure, not " + e.getSQLState() + ": " + e.getMessage());
            assertEquals(0, rows(url, table), "nothing of the killed unit may be committed");
            assertEquals(0, db.activeConnections());
            for (int id = 10; id < 14; id++) { // more units than connections: the dead one must have been replaced
                int row = id;
                unit.run(session -> insert(session, table, row));
            }
            assertEquals(4, rows(url, table));
        } finally {
            TARGET.dropTable(url, table);
        }
    }

    @Test
    void poolExhaustedGivesAClearTimeoutNamingThePoolAndTheBoundary() throws Exception {
        TARGET.assumeAvailable();
        try (Database db = TARGET.builder(TARGET.newUrl()).name("exhausted").poolSize(1)
                .configure(c -> c.setConnectionTimeout(250)).build()) {
            Boundary holder = Boundary.builder("Report.longRunning").database("exhausted").build();
            Boundary waiter = Boundary.builder("Orders.place").database("exhausted").build();
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                Future<?> held = other.submit(() -> {
                    holder.run(session -> {
                        session.connection();
                        holding.countDown();
                        release.await();
                    });
                    return null;
                });
                holding.await();
                ConnectionUnavailableException e = assertThrows(ConnectionUnavailableException.class,
                        () -> waiter.run(Session::connection));
                assertTrue(e.getMessage().startsWith("The unit that boundary Orders.place opened on database"
                        + " 'exhausted' on thread '"),
                        e.getMessage());
                assertTrue(e.getMessage().contains("got no connection from pool unitofwork-exhausted within 250 ms"
                        + " (1 of 1 in use"), e.getMessage());
                release.countDown();
                held.get();
            } finally {
                release.countDown();
                other.shutdownNow();
            }
            assertEquals(0, db.activeConnections());
        }
    }

    @Test
    void refusedConnectionAtBorrowTimeSaysSoAndLeavesNothingRegistered() {
        try (Database db = Database.builder("jdbc:postgresql://127.0.0.1:1/test").name("refused").user("postgres")
                .configure(c -> {
                    c.setInitializationFailTimeout(-1); // start without a server, as an app may
                    c.setConnectionTimeout(250);
                }).build()) {
            Boundary unit = Boundary.builder("Orders.place").database("refused").build();
            ConnectionUnavailableException e = assertThrows(ConnectionUnavailableException.class,
                    () -> unit.run(Session::connection));
            assertTrue(e.getMessage().startsWith("The unit that boundary Orders.place opened on database 'refused' on"
                    + " thread '"), e.getMessage());
            assertThrows(NoActiveUnitException.class, () -> Session.current("refused"));
            assertEquals(0, db.activeConnections());
        }
    }

    private static int backendPid(Session session) throws SQLException {
        try (Statement s = session.connection().createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void insert(Session session, String table, int id) throws SQLException {
        try (Statement s = session.connection().createStatement()) {
            s.executeUpdate("insert into " + table + " (id, note) values (" + id + ", 'x')");
        }
    }

    private static int rows(String url, String table) throws SQLException {
        try (Connection c = TARGET.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
