package org.unitofwork.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.unitofwork.Boundary;
import org.unitofwork.Database;
import org.unitofwork.scenarios.TestDatabase;

/**
 * The fault proxy itself, on the shared PostgreSQL server (and MariaDB where said), with plain JDBC:
 * it forwards faithfully, and each fault does to a commit exactly what it promises. Commits come
 * after a few others on the same connection too, because pgJDBC sends its first {@code COMMIT} as
 * text and the later ones as a bind of a prepared statement.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FaultProxyTest {
    private static final TestDatabase PG = TestDatabase.POSTGRES;

    private String table;
    private FaultProxy proxy;
    private final ExecutorService background = Executors.newCachedThreadPool();

    @BeforeEach
    void createTable() throws SQLException {
        PG.assumeAvailable();
        table = TestDatabase.uniqueName("uow_proxy");
        PG.createTable(PG.newUrl(), table);
        proxy = FaultProxy.inFrontOf(PG.newUrl());
    }

    @AfterEach
    void dropTable() throws SQLException {
        background.shutdownNow();
        if (proxy != null) {
            proxy.close();
        }
        if (table != null) {
            PG.dropTable(PG.newUrl(), table);
        }
    }

    @Test
    void forwardsUnitsOfWorkFaithfully() throws Exception {
        try (Database db = PG.builder(proxy.url()).name("proxied").poolSize(2).build()) {
            Boundary insert = Boundary.builder("Proxy.insert").database("proxied").build();
            for (int id = 1; id <= 12; id++) { // more commits than pgJDBC's prepare threshold, on two connections
                int row = id;
                insert.run(session -> insertRow(session.connection(), row));
            }
            assertEquals(12, rows());
            assertEquals(0, db.activeConnections());
        }
        assertTrue(proxy.acceptedConnections() > 0, "the units went through the proxy");
    }

    @ParameterizedTest(name = "after {0} commits on the connection")
    @ValueSource(ints = {0, 7})
    void cutBeforeCommitKeepsTheCommitFromTheServer(int earlierCommits) throws Exception {
        try (Connection c = transactional(earlierCommits)) {
            insertRow(c, 1);
            CommitFault cut = proxy.cutBeforeNextCommit();
            assertThrows(SQLException.class, c::commit);
            assertTrue(cut.hasFired());
        }
        assertEquals(earlierCommits, rows(), "the cut commit never reached the server");
    }

    @ParameterizedTest(name = "after {0} commits on the connection")
    @ValueSource(ints = {0, 7})
    void cutAfterCommitLetsTheServerCommitAndDropsItsAnswer(int earlierCommits) throws Exception {
        try (Connection c = transactional(earlierCommits)) {
            insertRow(c, 1);
            CommitFault cut = proxy.cutAfterNextCommit();
            SQLException e = assertThrows(SQLException.class, c::commit);
            assertTrue(String.valueOf(e.getSQLState()).startsWith("08"), "a lost connection, not " + e.getSQLState());
            assertTrue(cut.hasFired());
        }
        assertEquals(earlierCommits + 1, rows(), "the server executed the commit whose answer was dropped");
    }

    @Test
    void cutAfterCommitCanEndTheSessionOnTheServerFirst() throws Exception {
        try (Connection c = transactional(3)) {
            long pid = PG.sessionId(c);
            insertRow(c, 1);
            CommitFault cut = proxy.cutAfterNextCommit(session -> PG.kill(PG.newUrl(), session));
            SQLException e = assertThrows(SQLException.class, c::commit);
            assertEquals("57P01", e.getSQLState(), "the client hears the server end the session: " + e.getMessage());
            assertEquals(pid, cut.serverSessionId(), "the proxy knows the backend's pid");
            assertNull(cut.actionFailure());
        }
        assertEquals(4, rows());
    }

    @Test
    void heldCommitIsExecutedAndAnsweredOnlyWhenReleased() throws Exception {
        try (Connection c = transactional(2)) {
            insertRow(c, 1);
            HeldCommit held = proxy.holdNextCommitReply();
            CompletableFuture<Void> commit = commitInBackground(c);
            assertTrue(held.awaitAnswered(Duration.ofSeconds(20)), "the server answered the commit");
            assertEquals(3, rows(), "the server has committed");
            assertFalse(commit.isDone(), "the client has no answer while it is held");
            held.release();
            commit.get(20, TimeUnit.SECONDS);
            insertRow(c, 2);
            c.commit(); // the connection runs on
        }
        assertEquals(4, rows());
    }

    @Test
    void heldCommitCutLeavesTheClientWithoutAnAnswer() throws Exception {
        try (Connection c = transactional(0)) {
            insertRow(c, 1);
            HeldCommit held = proxy.holdNextCommitReply();
            CompletableFuture<Void> commit = commitInBackground(c);
            assertTrue(held.awaitAnswered(Duration.ofSeconds(20)));
            held.cut();
            Throwable failure = assertThrows(Exception.class, () -> commit.get(20, TimeUnit.SECONDS)).getCause();
            assertTrue(failure.getCause() instanceof SQLException, String.valueOf(failure));
        }
        assertEquals(1, rows());
    }

    @Test
    void blackHoleStopsBothDirectionsUntilHealed() throws Exception {
        try (Connection c = transactional(0)) {
            proxy.blackHole();
            c.setNetworkTimeout(background, 1_000);
            SQLException e = assertThrows(SQLException.class, () -> insertRow(c, 1));
            assertTrue(String.valueOf(e.getSQLState()).startsWith("08"), "a network timeout: " + e.getMessage());
            assertEquals(1, proxy.openConnections(), "the proxy keeps the socket to the server open");
            proxy.heal();
        }
        try (Connection c = transactional(1)) {
            assertEquals(1, rows(), "healed, the proxy forwards again");
        }
    }

    @Test
    void closeClosesEveryConnection() throws Exception {
        Connection a = transactional(0);
        Connection b = transactional(0);
        assertEquals(2, proxy.openConnections());
        proxy.close();
        assertEquals(0, proxy.openConnections());
        assertThrows(SQLException.class, () -> insertRow(a, 1));
        assertThrows(SQLException.class, () -> insertRow(b, 2));
        a.close();
        b.close();
    }

    @Test
    void cutAfterCommitOnMariaDbAfterKill() throws Exception {
        TestDatabase maria = TestDatabase.MARIADB;
        maria.assumeAvailable();
        String mariaTable = TestDatabase.uniqueName("uow_proxy");
        maria.createTable(maria.newUrl(), mariaTable);
        try (FaultProxy mariaProxy = FaultProxy.inFrontOf(maria.newUrl()); Connection c = maria.connect(mariaProxy.url())) {
            c.setAutoCommit(false);
            long id = maria.sessionId(c);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into " + mariaTable + " (id, note) values (1, 'x')");
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into " + mariaTable + " (id, note) values (2, 'x')");
            }
            CommitFault cut = mariaProxy.cutAfterNextCommit(session -> maria.kill(maria.newUrl(), session));
            assertThrows(SQLException.class, c::commit);
            assertEquals(id, cut.serverSessionId(), "the proxy knows the connection id");
            assertNull(cut.actionFailure());
            try (Connection observer = maria.connect(maria.newUrl()); Statement s = observer.createStatement();
                    ResultSet rs = s.executeQuery("select count(*) from " + mariaTable)) {
                rs.next();
                assertEquals(2, rs.getInt(1), "the server executed the commit before KILL");
            }
        } finally {
            maria.dropTable(maria.newUrl(), mariaTable);
        }
    }

    private CompletableFuture<Void> commitInBackground(Connection c) {
        return CompletableFuture.runAsync(() -> {
            try {
                c.commit();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, background);
    }

    /** A connection through the proxy, out of auto-commit, after {@code commits} committed rows (ids 100…). */
    private Connection transactional(int commits) throws SQLException {
        Connection c = PG.connect(proxy.url());
        c.setAutoCommit(false);
        for (int i = 0; i < commits; i++) {
            insertRow(c, 100 + i);
            c.commit();
        }
        return c;
    }

    private void insertRow(Connection c, int id) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("insert into " + table + " (id, note) values (" + id + ", 'x')");
        }
    }

    private int rows() throws SQLException {
        try (Connection c = PG.connect(PG.newUrl()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
