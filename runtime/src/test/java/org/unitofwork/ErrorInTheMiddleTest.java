package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.unitofwork.FaultInjectingDataSource.When;
import org.unitofwork.scenarios.TestDatabase;
import org.unitofwork.spi.SessionKind;

/**
 * An {@code Error} striking at each step of a unit — begin, work, flush, commit, rollback, release,
 * hooks — reaches the caller as itself, leaves nothing on the thread, and gets the connection it
 * struck on out of the pool (S1, S2, S4). The errors are thrown by hand, by a driver that fails in the
 * middle ({@link FaultInjectingDataSource}) under the database's own HikariCP pool of one connection,
 * so that a struck connection handed out again is the very next unit's.
 *
 * <p>After each error the same thread runs a new unit, which must be a unit of its own: it commits,
 * its row is there for an independent connection, and it never gets the struck session.
 */
@Timeout(60)
class ErrorInTheMiddleTest {
    private static final TestDatabase H2 = TestDatabase.H2;

    private String url;
    private String name;
    private FaultInjectingDataSource driver;
    private Database db;
    private PendingRowsKind pendingRows;
    private Boundary unit;
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> hooks = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void open() throws SQLException {
        url = "jdbc:h2:mem:" + TestDatabase.uniqueName("errors") + ";DB_CLOSE_DELAY=-1";
        name = TestDatabase.uniqueName("errors");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        driver = new FaultInjectingDataSource(h2, H2);
        db = H2.builder(url).name(name).poolSize(1)
                .configure(config -> {
                    config.setDataSource(driver);
                    config.setConnectionTimeout(5_000); // a leaked connection fails the next unit, not the whole run
                })
                .build();
        pendingRows = new PendingRowsKind();
        db.register(pendingRows);
        unit = Boundary.builder("Entries.add").database(name).build();
        H2.createTable(url, "entries");
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
        H2.dropTable(url, "entries");
    }

    // ---- begin: the connection is prepared for the unit

    @ParameterizedTest
    @ValueSource(strings = {"setReadOnly", "setTransactionIsolation"})
    void anErrorWhileTheConnectionIsPreparedReachesTheCallerAndTheConnectionIsEvicted(String step) throws Exception {
        Boundary demanding = Boundary.builder("Reports.read").database(name).readOnly(true)
                .isolation(Isolation.SERIALIZABLE).build();
        OutOfMemoryError error = new OutOfMemoryError("struck in " + step);
        driver.strike(step, error);
        assertSame(error, assertThrows(Throwable.class, () -> demanding.run(Session::connection)));
        assertTheThreadAndThePoolRecovered(driver.struckSession());
    }

    @Test
    void anErrorWhileAResourceOpensReachesTheCaller() throws Exception {
        OutOfMemoryError error = new OutOfMemoryError("struck while the resource opened");
        pendingRows.failToOpen = error;
        assertSame(error, assertThrows(Throwable.class, () -> unit.run(session -> session.get(PendingRows.class))));
        assertTheThreadAndThePoolRecovered(null);
    }

    // ---- work

    @ParameterizedTest
    @EnumSource(When.class)
    void anErrorInTheDriverDuringTheWorkRollsBackAndEvictsTheConnection(When when) throws Exception {
        int id = ids.incrementAndGet();
        OutOfMemoryError error = new OutOfMemoryError("struck in executeUpdate");
        assertSame(error, assertThrows(Throwable.class, () -> unit.run(session -> {
            driver.strike("executeUpdate", error, when);
            insert(session, id);
        })));
        assertFalse(rowExists(id), "the struck unit's row was committed");
        assertTheThreadAndThePoolRecovered(driver.struckSession());
    }

    @Test
    void anErrorInTheDriverDuringAQueryEvictsTheConnection() throws Exception {
        StackOverflowError error = new StackOverflowError("struck in executeQuery");
        assertSame(error, assertThrows(Throwable.class, () -> unit.run(session -> {
            try (Statement s = session.connection().createStatement()) {
                driver.strike("executeQuery", error);
                s.executeQuery("select 1");
            }
        })));
        assertTheThreadAndThePoolRecovered(driver.struckSession());
    }

    @Test
    void aConnectionAnErrorStruckIsRefusedForTheRestOfTheUnitEvenWhenTheWorkCatchesTheError() throws Exception {
        int id = ids.incrementAndGet();
        StackOverflowError error = new StackOverflowError("struck in executeUpdate");
        AtomicReference<Throwable> nextStatement = new AtomicReference<>();
        UnitOfWorkException ended = assertThrows(UnitOfWorkException.class, () -> unit.run(session -> {
            driver.strike("executeUpdate", error);
            assertSame(error, assertThrows(StackOverflowError.class, () -> insert(session, id)));
            // the reply to the struck call may still be unread: another call could read it as its own
            nextStatement.set(assertThrows(UnitOfWorkException.class, () -> insert(session, id + 1)));
        }));
        assertTrue(nextStatement.get().getMessage().contains("cannot be used any more: an Error (such as a stack"
                + " overflow) struck inside a call to the driver"), nextStatement.get().getMessage());
        assertTrue(nextStatement.get().getMessage().contains("Entries.add"), nextStatement.get().getMessage());
        assertTrue(ended.getMessage().contains("was rolled back"), ended.getMessage());
        assertFalse(rowExists(id), "the struck unit's row was committed");
        assertFalse(rowExists(id + 1), "the struck unit's row was committed");
        assertTheThreadAndThePoolRecovered(driver.struckSession());
    }

    @Test
    void anErrorThrownByTheWorkItselfRollsBack() throws Exception {
        int id = ids.incrementAndGet();
        OutOfMemoryError error = new OutOfMemoryError("thrown by the work");
        assertSame(error, assertThrows(Throwable.class, () -> unit.run(session -> {
            session.afterCommit(() -> hooks.add("afterCommit"));
            session.afterRollback(() -> hooks.add("afterRollback"));
            insert(session, id);
            throw error;
        })));
        assertFalse(rowExists(id));
        assertEquals(List.of("afterRollback"), hooks);
        assertTheThreadAndThePoolRecovered(null);
    }

    // ---- flush

    @Test
    void anErrorThrownByAFlushRollsBack() throws Exception {
        int id = ids.incrementAndGet();
        OutOfMemoryError error = new OutOfMemoryError("thrown by the flush");
        pendingRows.failToFlush = error;
        assertSame(error, assertThrows(Throwable.class, () -> unit.run(session -> {
            session.afterCommit(() -> hooks.add("afterCommit"));
            session.get(PendingRows.class).add(id);
        })));
        assertFalse(rowExists(id));
        assertEquals(List.of(), hooks);
        assertTheThreadAndThePoolRecovered(null);
    }

    @Test
    void anErrorInTheDriverDuringAFlushRollsBackAndEvictsTheConnection() throws Exception {
        int id = ids.incrementAndGet();
        OutOfMemoryError error = new OutOfMemoryError("struck in the flush's executeUpdate");
        assertSame(error, assertThrows(Throwable.class, () -> unit.run(session -> {
            session.afterCommit(() -> hooks.add("afterCommit"));
            session.get(PendingRows.class).add(id);
            driver.strike("executeUpdate", error);
        })));
        assertFalse(rowExists(id));
        assertEquals(List.of(), hooks);
        assertTheThreadAndThePoolRecovered(driver.struckSession());
    }

    // ---- commit

    @ParameterizedTest
    @EnumSource(When.class)
    void anErrorDuringTheCommitReachesTheCallerWithAnUnknownOutcomeAndEvictsTheConnection(When when) throws Exception {
        int id = ids.incrementAndGet();
        OutOfMemoryError error = new OutOfMemoryError("struck in commit");
        AtomicReference<Outcome> heard = new AtomicReference<>();
        assertSame(error, assertThrows(Throwable.class, () -> unit.run(session -> {
            session.afterCommit(() -> hooks.add("afterCommit"));
            session.afterRollback(() -> hooks.add("afterRollback"));
            session.afterCompletion(heard::set);
            insert(session, id);
            driver.strike("commit", error, when);
        })));
        assertEquals(List.of(), hooks, "whether the commit happened is unknown: neither commit nor rollback hooks run");
        assertEquals(Outcome.UNKNOWN, heard.get());
        assertEquals(when == When.AFTER_THE_DRIVER, rowExists(id), "the driver's commit is what decides");
        assertTheThreadAndThePoolRecovered(driver.struckSession());
    }

    // ---- rollback

    @Test
    void anErrorDuringTheRollbackIsSuppressedOnTheWorksFailureAndEvictsTheConnection() throws Exception {
        int id = ids.incrementAndGet();
        IllegalStateException failure = new IllegalStateException("the work fails");
        OutOfMemoryError error = new OutOfMemoryError("struck in rollback");
        assertSame(failure, assertThrows(Throwable.class, () -> unit.run(session -> {
            session.afterCommit(() -> hooks.add("afterCommit"));
            insert(session, id);
            driver.strike("rollback", error);
            throw failure;
        })));
        assertTrue(carries(failure, error), "the rollback's error is lost: " + describe(failure));
        assertFalse(rowExists(id));
        assertEquals(List.of(), hooks);
        assertTheThreadAndThePoolRecovered(driver.struckSession());
    }

    @Test
    void anErrorDuringTheRollbackAfterAnErrorKeepsTheFirstAndEvictsTheConnection() throws Exception {
        int id = ids.incrementAndGet();
        StackOverflowError first = new StackOverflowError("thrown by the work");
        OutOfMemoryError second = new OutOfMemoryError("struck in rollback");
        assertSame(first, assertThrows(Throwable.class, () -> unit.run(session -> {
            insert(session, id);
            driver.strike("rollback", second);
            throw first;
        })));
        assertTrue(carries(first, second), "the rollback's error is lost: " + describe(first));
        assertFalse(rowExists(id));
        assertTheThreadAndThePoolRecovered(driver.struckSession());
    }

    // ---- release: HikariCP clears the warnings of every connection given back

    @Test
    void anErrorWhileTheConnectionIsGivenBackAfterACommitReachesTheCallerAndEvictsIt() throws Exception {
        int id = ids.incrementAndGet();
        OutOfMemoryError error = new OutOfMemoryError("struck while the connection was given back");
        AtomicReference<Outcome> heard = new AtomicReference<>();
        assertSame(error, assertThrows(Throwable.class, () -> unit.run(session -> {
            session.afterRollback(() -> hooks.add("afterRollback"));
            session.afterCompletion(heard::set);
            insert(session, id);
            driver.strike("clearWarnings", error);
        })));
        assertTrue(rowExists(id), "the unit had committed: nothing may undo that");
        assertEquals(List.of(), hooks, "the unit committed: no rollback hook");
        assertTrue(heard.get() == null || heard.get() == Outcome.COMMITTED, "afterCompletion heard " + heard.get());
        assertTheThreadAndThePoolRecovered(driver.struckSession());
    }

    @Test
    void anErrorWhileTheConnectionIsGivenBackAfterAFailureIsSuppressedAndEvictsIt() throws Exception {
        int id = ids.incrementAndGet();
        IllegalStateException failure = new IllegalStateException("the work fails");
        OutOfMemoryError error = new OutOfMemoryError("struck while the connection was given back");
        assertSame(failure, assertThrows(Throwable.class, () -> unit.run(session -> {
            insert(session, id);
            driver.strike("clearWarnings", error);
            throw failure;
        })));
        assertTrue(carries(failure, error), "the release's error is lost: " + describe(failure));
        assertFalse(rowExists(id));
        assertTheThreadAndThePoolRecovered(driver.struckSession());
    }

    @Test
    void anErrorWhileAResourceClosesAfterACommitReachesTheCaller() throws Exception {
        int id = ids.incrementAndGet();
        OutOfMemoryError error = new OutOfMemoryError("thrown while the resource closed");
        pendingRows.failToClose = error;
        assertSame(error, assertThrows(Throwable.class, () -> unit.run(session -> {
            session.afterRollback(() -> hooks.add("afterRollback"));
            session.get(PendingRows.class).add(id);
        })));
        assertTrue(rowExists(id), "the unit had committed: nothing may undo that");
        assertEquals(List.of(), hooks);
        assertTheThreadAndThePoolRecovered(null);
    }

    // ---- hooks

    @Test
    void anErrorInACommitHookReachesTheCallerSaysTheCommitStoodAndTheOtherHooksStillRun() throws Exception {
        int id = ids.incrementAndGet();
        OutOfMemoryError error = new OutOfMemoryError("thrown by a hook");
        assertSame(error, assertThrows(Throwable.class, () -> unit.run(session -> {
            session.afterCommit(() -> {
                throw error;
            });
            session.afterCommit(() -> hooks.add("second afterCommit"));
            session.afterCompletion(outcome -> hooks.add("afterCompletion " + outcome));
            insert(session, id);
        })));
        assertTrue(rowExists(id), "a failing hook does not undo the commit");
        assertEquals(List.of("second afterCommit", "afterCompletion COMMITTED"), hooks);
        assertTrue(carriesMessage(error, "committed"), "nothing on the error says the commit stood: " + describe(error));
        assertTheThreadAndThePoolRecovered(null);
    }

    @Test
    void anErrorInARollbackHookIsSuppressedOnTheWorksFailure() throws Exception {
        IllegalStateException failure = new IllegalStateException("the work fails");
        StackOverflowError error = new StackOverflowError("thrown by a hook");
        assertSame(failure, assertThrows(Throwable.class, () -> unit.run(session -> {
            session.afterRollback(() -> {
                throw error;
            });
            session.afterRollback(() -> hooks.add("second afterRollback"));
            insert(session, ids.incrementAndGet());
            throw failure;
        })));
        assertTrue(carries(failure, error), "the hook's error is lost: " + describe(failure));
        assertEquals(List.of("second afterRollback"), hooks);
        assertTheThreadAndThePoolRecovered(null);
    }

    // ---- what every case ends with

    /**
     * Runs a new unit on this thread and checks that it is a unit of its own on a sound connection:
     * it commits, its row is there, it is not handed the struck session; and that afterwards the
     * thread holds no unit and the pool no borrowed connection.
     *
     * @param struckSession the server's id of the session an error struck on, or null
     */
    private void assertTheThreadAndThePoolRecovered(Long struckSession) throws Exception {
        int id = ids.incrementAndGet();
        AtomicReference<Outcome> heard = new AtomicReference<>();
        long session = unit.call(s -> {
            assertSame(s, Session.current(name), "the new unit is not the thread's current one");
            assertFalse(s.isRollbackOnly(), "the new unit joined a unit that was doomed");
            s.afterCompletion(heard::set);
            insert(s, id);
            return H2.sessionId(s.connection());
        });
        assertEquals(Outcome.COMMITTED, heard.get(), "the next unit on this thread did not commit");
        assertTrue(rowExists(id), "the next unit returned normally but its row is missing: it joined a dead unit");
        if (struckSession != null) {
            assertNotEquals(struckSession, session, "the connection an error struck on was handed out again");
            assertTrue(driver.abortedSessions().contains(struckSession), "the connection an error struck on was not"
                    + " aborted on its thread: closed by the pool's closer thread instead, it can wait forever for a"
                    + " driver lock the error left held, and its server session keeps its transaction and locks");
        }
        assertEquals(0, db.activeConnections(), "a connection is still borrowed after the units ended");
        assertThrows(NoActiveUnitException.class, () -> Session.current(name), "the thread still holds a unit");
    }

    private static void insert(Session session, int id) throws SQLException {
        try (Statement s = session.connection().createStatement()) {
            s.executeUpdate("insert into entries values (" + id + ", 'entry')");
        }
    }

    /** Whether the row is committed, as an independent connection sees it. */
    private boolean rowExists(int id) throws SQLException {
        try (Connection c = H2.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from entries where id = " + id)) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    /** Whether {@code wanted} is {@code thrown}, or among its causes and suppressed exceptions, at any depth. */
    static boolean carries(Throwable thrown, Throwable wanted) {
        return find(thrown, t -> t == wanted, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static boolean carriesMessage(Throwable thrown, String text) {
        return find(thrown, t -> t != thrown && t.getMessage() != null && t.getMessage().contains(text),
                Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static boolean find(Throwable t, java.util.function.Predicate<Throwable> test, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false;
        }
        if (test.test(t) || find(t.getCause(), test, seen)) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (find(s, test, seen)) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable t) {
        StringBuilder s = new StringBuilder(t.toString());
        for (Throwable suppressed : t.getSuppressed()) {
            s.append("; suppressed ").append(suppressed);
        }
        return t.getCause() == null ? s.toString() : s.append("; caused by ").append(t.getCause()).toString();
    }

    /** Rows a unit writes only when it flushes: a persistence context in miniature. */
    static final class PendingRows {
        final Connection connection;
        final List<Integer> ids = new ArrayList<>();

        PendingRows(Connection connection) {
            this.connection = connection;
        }

        void add(int id) {
            ids.add(id);
        }
    }

    /** The kind of {@link PendingRows}, which throws a chosen error when it opens, flushes or closes. */
    static final class PendingRowsKind implements SessionKind<PendingRows> {
        Error failToOpen;
        Error failToFlush;
        Error failToClose;

        @Override
        public Class<PendingRows> type() {
            return PendingRows.class;
        }

        @Override
        public PendingRows open(Session session) {
            if (failToOpen != null) {
                throw failToOpen;
            }
            return new PendingRows(session.connection());
        }

        @Override
        public void flush(PendingRows rows) throws SQLException {
            if (failToFlush != null) {
                throw failToFlush;
            }
            try (PreparedStatement insert = rows.connection.prepareStatement("insert into entries values (?, 'pending')")) {
                for (int id : rows.ids) {
                    insert.setInt(1, id);
                    insert.executeUpdate();
                }
            }
            rows.ids.clear();
        }

        @Override
        public void close(PendingRows rows, Outcome outcome) {
            if (failToClose != null) {
                throw failToClose;
            }
        }
    }
}
