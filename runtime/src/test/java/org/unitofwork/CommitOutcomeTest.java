package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.unitofwork.faults.CommitFault;
import org.unitofwork.faults.FaultProxy;
import org.unitofwork.scenarios.TestDatabase;

/**
 * S4 and issue 12 item 1: a commit whose answer is lost is reported {@code UNKNOWN}, never {@code
 * ROLLED_BACK}, unless the runtime finds out on PostgreSQL ({@code resolveUnknownCommit}). A fault
 * proxy between the pool and the shared server cuts the connection just before or just after the
 * server gets {@code COMMIT}; the rows, the exception, the hooks and the pool say what the user sees.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CommitOutcomeTest {
    private static final String DB = "outcome";

    /** How the answer to an executed {@code COMMIT} is lost. */
    enum LostAnswer {
        /** The connection breaks: the driver sees the socket close (SQLSTATE class 08). */
        CONNECTION_CUT,
        /** The server ends the session first ({@code pg_terminate_backend}): the driver hears 57P01. */
        BACKEND_TERMINATED
    }

    private TestDatabase target;
    private String table;
    private FaultProxy proxy;
    private Database db;
    private final HeardHooks hooks = new HeardHooks();
    private final AtomicInteger runs = new AtomicInteger();

    private void connectThroughProxy(TestDatabase database) throws SQLException {
        database.assumeAvailable();
        target = database;
        table = TestDatabase.uniqueName("uow_outcome");
        database.createTable(database.newUrl(), table);
        proxy = FaultProxy.inFrontOf(database.newUrl());
        db = database.builder(proxy.url()).name(DB).poolSize(2).build();
    }

    @AfterEach
    void closeAll() throws SQLException {
        if (db != null) {
            db.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (table != null) {
            target.dropTable(target.newUrl(), table);
        }
    }

    @ParameterizedTest
    @EnumSource(LostAnswer.class)
    void executedCommitWhoseAnswerIsLostIsUnknownNeverRolledBack(LostAnswer how) throws Exception {
        connectThroughProxy(TestDatabase.POSTGRES);
        Boundary place = Boundary.builder("Orders.place").database(DB).retries(3).build();
        CommitFault cut = loseAnswerToNextCommit(how);

        CommitFailedException e = assertThrows(CommitFailedException.class, () -> insertRow(place, 1));

        assertTrue(cut.hasFired(), "the proxy cut the commit");
        assertReportedUnknown(e, Set.of(1), "the server executed the COMMIT: the row is there");
    }

    @ParameterizedTest
    @EnumSource(LostAnswer.class)
    void executedCommitWhoseAnswerIsLostIsResolvedAsCommitted(LostAnswer how) throws Exception {
        connectThroughProxy(TestDatabase.POSTGRES);
        Boundary place = Boundary.builder("Orders.place").database(DB).retries(3).resolveUnknownCommit(true).build();
        CommitFault cut = loseAnswerToNextCommit(how);

        Throwable thrown = null;
        try {
            insertRow(place, 1); // must return normally: the runtime asks the server, which committed
        } catch (Throwable t) {
            thrown = t;
        }

        assertTrue(cut.hasFired(), "the proxy cut the commit");
        Throwable failure = thrown;
        Set<Integer> rows = rows();
        assertAll(
                () -> assertEquals(null, failure, "the boundary returns normally: the work was committed"),
                () -> assertEquals(HeardHooks.COMMITTED, hooks.heard()),
                () -> assertEquals(1, runs.get()),
                () -> assertEquals(0, db.activeConnections()),
                () -> assertEquals(Set.of(1), rows));
    }

    @Test
    void commitCutBeforeItReachedTheServerIsUnknownToTheClient() throws Exception {
        connectThroughProxy(TestDatabase.POSTGRES);
        Boundary place = Boundary.builder("Orders.place").database(DB).retries(3).build();
        CommitFault cut = proxy.cutBeforeNextCommit();

        CommitFailedException e = assertThrows(CommitFailedException.class, () -> insertRow(place, 1));

        assertTrue(cut.hasFired());
        // the client sent COMMIT and lost the connection: it cannot know that the server never got it
        assertReportedUnknown(e, Set.of(), "the server never got the COMMIT");
    }

    @Test
    void commitCutBeforeItReachedTheServerIsResolvedAsRolledBack() throws Exception {
        connectThroughProxy(TestDatabase.POSTGRES);
        Boundary place = Boundary.builder("Orders.place").database(DB).resolveUnknownCommit(true).build();
        CommitFault cut = proxy.cutBeforeNextCommit();

        CommitFailedException e = assertThrows(CommitFailedException.class, () -> insertRow(place, 1));

        assertTrue(cut.hasFired());
        Set<Integer> rows = rows();
        assertAll(
                () -> assertFalse(e instanceof CommitOutcomeUnknownException,
                        "resolved, the outcome is known: rolled back. Not unknown: " + e.getMessage()),
                () -> assertTrue(e.getMessage().contains("rolled back"),
                        "the message says the work was rolled back: " + e.getMessage()),
                () -> assertEquals(HeardHooks.ROLLED_BACK, hooks.heard()),
                () -> assertEquals(0, db.activeConnections()),
                () -> assertEquals(Set.of(), rows));
    }

    @ParameterizedTest(name = "resolveUnknownCommit={0}")
    @ValueSource(booleans = {false, true})
    void mariaDbConnectionKilledAfterCommitIsUnknownEvenWhenResolutionIsAsked(boolean resolve) throws Exception {
        connectThroughProxy(TestDatabase.MARIADB);
        Boundary place = Boundary.builder("Orders.place").database(DB).retries(3).resolveUnknownCommit(resolve).build();
        CommitFault cut = proxy.cutAfterNextCommit(connectionId -> target.kill(target.newUrl(), connectionId));

        CommitFailedException e = assertThrows(CommitFailedException.class, () -> insertRow(place, 1));

        assertTrue(cut.hasFired());
        assertEquals(null, cut.actionFailure(), "KILL worked");
        // only PostgreSQL can be asked afterwards; MariaDB stays unknown, said plainly
        assertReportedUnknown(e, Set.of(1), "MariaDB executed the COMMIT before the KILL");
    }

    private CommitFault loseAnswerToNextCommit(LostAnswer how) {
        return how == LostAnswer.CONNECTION_CUT ? proxy.cutAfterNextCommit()
                : proxy.cutAfterNextCommit(pid -> target.kill(target.newUrl(), pid));
    }

    private void insertRow(Boundary boundary, int id) throws SQLException {
        boundary.run(session -> {
            runs.incrementAndGet();
            hooks.listenTo(session);
            Rows.insert(session, table, id);
        });
    }

    private Set<Integer> rows() throws SQLException {
        return Rows.ids(target, target.newUrl(), table);
    }

    /**
     * What a user sees of an unknown outcome: a {@link CommitOutcomeUnknownException} that says so and
     * never claims a rollback, only {@code afterCompletion(UNKNOWN)}, one run despite retries, no
     * connection kept, and the rows as the server really left them.
     */
    private void assertReportedUnknown(CommitFailedException e, Set<Integer> expectedRows, String why)
            throws SQLException {
        Set<Integer> rows = rows();
        assertAll(
                () -> assertTrue(e instanceof CommitOutcomeUnknownException,
                        "a CommitOutcomeUnknownException, not " + e.getClass().getSimpleName() + ": " + e.getMessage()),
                () -> assertSaysUnknown(e),
                () -> assertEquals(HeardHooks.UNKNOWN, hooks.heard(),
                        "neither commit nor rollback hooks; afterCompletion hears UNKNOWN"),
                () -> assertEquals(1, runs.get(), "an unknown outcome is never retried: that could apply the work twice"),
                () -> assertEquals(0, db.activeConnections(), "the connection of an unknown commit is evicted"),
                () -> assertEquals(expectedRows, rows, why));
    }

    /** The message says the outcome is unknown and never that the work was rolled back; the driver's exception is the cause. */
    static void assertSaysUnknown(CommitFailedException e) {
        String message = e.getMessage().toLowerCase(Locale.ROOT);
        assertTrue(message.contains("unknown"), "the message says the outcome is unknown: " + e.getMessage());
        assertFalse(message.contains("rolled back"), "the message must not claim a rollback: " + e.getMessage());
        assertTrue(e.getCause() instanceof SQLException, "the driver's exception is the cause: " + e.getCause());
    }
}
