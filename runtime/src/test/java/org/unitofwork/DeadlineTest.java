package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.faults.FaultProxy;
import org.unitofwork.faults.HeldCommit;
import org.unitofwork.scenarios.TestDatabase;

/**
 * S16 and issue 12 item 4: a unit's deadline bounds everything the unit waits for (its statements,
 * with the smaller of their own timeout and the time left; its commit; the network), and the caller
 * can tell from the exception that the deadline did it. On the shared PostgreSQL server, through a
 * {@link FaultProxy} where the server must stop answering. Each test's {@code @Timeout} is far above
 * the deadlines it sets: a test that hangs fails by it.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeadlineTest {
    private static final TestDatabase PG = TestDatabase.POSTGRES;
    private static final String DB = "deadline";

    private String table;
    private FaultProxy proxy;
    private Database db;

    @BeforeEach
    void openDatabaseThroughProxy() throws SQLException {
        PG.assumeAvailable();
        table = TestDatabase.uniqueName("uow_deadline");
        PG.createTable(PG.newUrl(), table);
        proxy = FaultProxy.inFrontOf(PG.newUrl());
        db = PG.builder(proxy.url()).name(DB).poolSize(2).build();
    }

    @AfterEach
    void closeAll() throws SQLException {
        if (proxy != null) {
            proxy.close(); // first: it frees a unit that still hangs on it
        }
        if (db != null) {
            db.close();
        }
        if (table != null) {
            PG.dropTable(PG.newUrl(), table);
        }
    }

    @Test
    void statementCancelledByTheDeadlineTellsTheCallerItWasTheDeadline() {
        Boundary report = Boundary.builder("Reports.monthly").database(DB).timeoutSeconds(1).build();
        AtomicReference<SQLException> fromDriver = new AtomicReference<>();

        SQLException e = assertThrows(SQLException.class, () -> report.run(session -> {
            try (Statement s = session.connection().createStatement()) {
                s.execute("select pg_sleep(5)");
            } catch (SQLException driver) {
                fromDriver.set(driver);
                throw driver;
            }
        }));

        assertSame(fromDriver.get(), e, "S1: the driver's exception instance itself reaches the caller");
        assertEquals("57014", e.getSQLState(), "the statement was cancelled: " + e.getMessage());
        assertDeadlineNamed(e, "Reports.monthly", 1);
        assertEquals(0, db.activeConnections());
    }

    @Test
    void statementCancelledByTheDeadlineInAJoinedBoundaryTellsTheCallerToo() {
        Boundary outer = Boundary.builder("Reports.monthly").database(DB).timeoutSeconds(1).build();
        Boundary inner = Boundary.builder("Reports.totals").database(DB).build();

        SQLException e = assertThrows(SQLException.class, () -> outer.run(session -> inner.run(joined -> {
            try (PreparedStatement s = joined.connection().prepareStatement("select pg_sleep(?)")) {
                s.setInt(1, 5);
                s.execute();
            }
        })));

        assertEquals("57014", e.getSQLState(), e.getMessage());
        assertDeadlineNamed(e, "Reports.monthly", 1);
    }

    @Test
    void workThatSwallowsTheDeadlineCancelStillRollsBackWithUnitTimeoutException() throws Exception {
        Boundary unit = Boundary.builder("Orders.import").database(DB).timeoutSeconds(1).build();
        HeardHooks hooks = new HeardHooks();

        UnitTimeoutException e = assertThrows(UnitTimeoutException.class, () -> unit.run(session -> {
            hooks.listenTo(session);
            Rows.insert(session, table, 1);
            try (Statement s = session.connection().createStatement()) {
                s.execute("select pg_sleep(5)");
            } catch (SQLException swallowed) {
                // the work carries on as if nothing happened, and returns normally
            }
        }));

        assertDeadlineNamed(e, "Orders.import", 1);
        assertEquals(HeardHooks.ROLLED_BACK, hooks.heard());
        assertEquals(Set.of(), Rows.ids(PG, PG.newUrl(), table));
    }

    @Test
    void statementOwnShorterTimeoutWinsOverTheUnitDeadline() throws Exception {
        Boundary unit = Boundary.builder("Reports.slow").database(DB).timeoutSeconds(30).build();
        SQLException e = assertThrows(SQLException.class, () -> unit.run(session -> {
            try (Statement s = session.connection().createStatement()) {
                s.setQueryTimeout(1);
                s.execute("select pg_sleep(4)");
            }
        }), "the statement's own 1 s timeout must cancel pg_sleep(4), not the unit's 30 s");
        assertEquals("57014", e.getSQLState(), e.getMessage());
    }

    @Test
    void preparedStatementOwnShorterTimeoutWinsOverTheUnitDeadline() throws Exception {
        Boundary unit = Boundary.builder("Reports.slow").database(DB).timeoutSeconds(30).build();
        SQLException e = assertThrows(SQLException.class, () -> unit.run(session -> {
            try (PreparedStatement s = session.connection().prepareStatement("select pg_sleep(?)")) {
                s.setQueryTimeout(1);
                s.setInt(1, 4);
                s.execute();
            }
        }), "the statement's own 1 s timeout must cancel pg_sleep(4), not the unit's 30 s");
        assertEquals("57014", e.getSQLState(), e.getMessage());
    }

    @Test
    void serverThatStopsAnsweringMidUnitIsBoundedByTheDeadline() throws Exception {
        Boundary unit = Boundary.builder("Orders.sync").database(DB).timeoutSeconds(2).build();

        Throwable e = assertThrows(Throwable.class, () -> unit.run(session -> {
            Rows.insert(session, table, 1);
            proxy.blackHole();
            Rows.query(session, "select 1"); // the server no longer answers, and the socket stays open
        }));

        assertDeadlineNamed(e, "Orders.sync", 2);
        assertEquals(0, db.activeConnections(), "the connection the server stopped answering is evicted");
        proxy.heal();
        unit.run(session -> Rows.insert(session, table, 2));
        unit.run(session -> Rows.insert(session, table, 3));
        assertEquals(Set.of(2, 3), Rows.ids(PG, PG.newUrl(), table), "later units work; the cut one left nothing");
    }

    @Test
    void serverThatStopsAnsweringDuringTheCommitIsBoundedByTheDeadlineAndUnknown() throws Exception {
        Boundary unit = Boundary.builder("Orders.sync").database(DB).timeoutSeconds(2).build();
        HeardHooks hooks = new HeardHooks();

        CommitFailedException e = assertThrows(CommitFailedException.class, () -> unit.run(session -> {
            hooks.listenTo(session);
            Rows.insert(session, table, 1);
            proxy.blackHole(); // the COMMIT goes nowhere; the client cannot tell whether the server has it
        }));

        assertAll(
                () -> assertTrue(e instanceof CommitOutcomeUnknownException, "unknown, not " + e),
                () -> assertEquals(HeardHooks.UNKNOWN, hooks.heard()),
                () -> assertEquals(0, db.activeConnections()));
        proxy.heal();
        unit.run(session -> Rows.insert(session, table, 2));
    }

    @Test
    void commitWhoseAnswerIsHeldIsBoundedByTheDeadlineAndUnknown() throws Exception {
        Boundary unit = Boundary.builder("Orders.place").database(DB).timeoutSeconds(2).build();
        HeardHooks hooks = new HeardHooks();
        HeldCommit held = proxy.holdNextCommitReply();

        CommitFailedException e = assertThrows(CommitFailedException.class, () -> unit.run(session -> {
            hooks.listenTo(session);
            Rows.insert(session, table, 1);
        }));

        assertTrue(held.awaitAnswered(Duration.ofSeconds(5)), "the server executed the commit");
        assertAll(
                () -> assertTrue(e instanceof CommitOutcomeUnknownException, "unknown, not " + e),
                () -> assertEquals(HeardHooks.UNKNOWN, hooks.heard()),
                () -> assertEquals(0, db.activeConnections()),
                () -> assertEquals(Set.of(1), Rows.ids(PG, PG.newUrl(), table)));
    }

    @Test
    void commitWhoseAnswerIsHeldIsResolvedAsCommittedWithinTheDeadline() throws Exception {
        Boundary unit = Boundary.builder("Orders.place").database(DB).timeoutSeconds(2).resolveUnknownCommit(true).build();
        HeardHooks hooks = new HeardHooks();
        proxy.holdNextCommitReply();

        Throwable thrown = null;
        try {
            unit.run(session -> {
                hooks.listenTo(session);
                Rows.insert(session, table, 1);
            });
        } catch (Throwable t) {
            thrown = t;
        }

        Throwable failure = thrown;
        assertAll(
                () -> assertEquals(null, failure, "resolved: the server committed, so the boundary returns normally"),
                () -> assertEquals(HeardHooks.COMMITTED, hooks.heard()),
                () -> assertEquals(0, db.activeConnections()),
                () -> assertEquals(Set.of(1), Rows.ids(PG, PG.newUrl(), table)));
    }

    /**
     * The caller can tell that the deadline did it: a {@link UnitTimeoutException} is {@code e}, in its
     * cause chain or among the suppressed exceptions of any of them, and names the boundary and the deadline.
     */
    static void assertDeadlineNamed(Throwable e, String boundary, int seconds) {
        UnitTimeoutException timeout = find(e);
        assertNotNull(timeout, "the exception the caller gets must carry a UnitTimeoutException (itself, as cause or"
                + " suppressed) so the caller can tell the deadline did it; got " + describe(e));
        assertTrue(timeout.getMessage().contains(boundary), "names the boundary: " + timeout.getMessage());
        assertTrue(timeout.getMessage().contains(seconds + " s"), "names the deadline: " + timeout.getMessage());
    }

    private static UnitTimeoutException find(Throwable root) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof UnitTimeoutException) {
                return (UnitTimeoutException) t;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            Collections.addAll(todo, t.getSuppressed());
        }
        return null;
    }

    private static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(String.valueOf(e));
        for (Throwable suppressed : e.getSuppressed()) {
            s.append(" [suppressed: ").append(suppressed).append(']');
        }
        return e.getCause() != null ? s.append(" [cause: ").append(e.getCause()).append(']').toString() : s.toString();
    }
}
