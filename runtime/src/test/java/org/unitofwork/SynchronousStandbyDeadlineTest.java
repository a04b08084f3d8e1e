package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.faults.PrivateCluster;

/**
 * S16 and issue 12 item 4: a {@code COMMIT} that waits for a synchronous standby that never answers is
 * bounded by the unit's deadline. The commit is applied locally and then waits, so its outcome is
 * {@code UNKNOWN} to the client, and committed when resolved. On a private cluster, since the shared
 * server must never be reconfigured.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SynchronousStandbyDeadlineTest {
    private static final String DB = "syncstandby";
    private static PrivateCluster cluster;

    private Database db;
    private final HeardHooks hooks = new HeardHooks();

    @BeforeAll
    static void startCluster() {
        cluster = PrivateCluster.start();
        cluster.execute("create table orders (id int primary key, note varchar(100))");
    }

    @AfterAll
    static void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void standbyThatNeverAnswers() {
        cluster.execute("truncate orders");
        db = Database.builder(cluster.url()).name(DB).user(PrivateCluster.USER).poolSize(2).build();
        cluster.synchronousStandby("never_answers");
    }

    @AfterEach
    void releaseWaitingCommits() {
        cluster.noSynchronousStandby(); // first: frees a unit that still waits
        db.close();
    }

    @Test
    void commitWaitingForTheStandbyEndsAtTheDeadlineWithAnUnknownOutcome() throws Exception {
        Boundary place = Boundary.builder("Orders.place").database(DB).timeoutSeconds(2).build();

        CommitFailedException e = assertThrows(CommitFailedException.class, () -> place.run(session -> {
            hooks.listenTo(session);
            Rows.insert(session, "orders", 1);
        }), "the deadline of 2 s bounds the commit");

        assertAll(
                () -> assertTrue(e instanceof CommitOutcomeUnknownException,
                        "the COMMIT was applied locally and its answer never came: unknown, not " + e),
                () -> CommitOutcomeTest.assertSaysUnknown(e),
                () -> assertEquals(HeardHooks.UNKNOWN, hooks.heard()),
                () -> assertEquals(0, db.activeConnections()));
        cluster.noSynchronousStandby();
        assertEquals(1, awaitRows(1), "the commit was applied locally, as UNKNOWN allows");
    }

    @Test
    void commitWaitingForTheStandbyIsResolvedAsCommittedAtTheDeadline() throws Exception {
        Boundary place = Boundary.builder("Orders.place").database(DB).timeoutSeconds(2).resolveUnknownCommit(true).build();

        Throwable thrown = null;
        try {
            place.run(session -> {
                hooks.listenTo(session);
                Rows.insert(session, "orders", 1);
            });
        } catch (Throwable t) {
            thrown = t;
        }

        Throwable failure = thrown;
        assertAll(
                () -> assertEquals(null, failure, "resolved: the commit was applied locally, the boundary returns normally"),
                () -> assertEquals(HeardHooks.COMMITTED, hooks.heard()),
                () -> assertEquals(0, db.activeConnections()));
        cluster.noSynchronousStandby();
        assertEquals(1, awaitRows(1));
    }

    @Test
    void readOnlyUnitIsNotHeldByTheStandby() throws Exception {
        Boundary read = Boundary.builder("Orders.count").database(DB).timeoutSeconds(2).build();
        assertEquals("0", read.call(session -> Rows.query(session, "select count(*) from orders")),
                "a unit that wrote nothing does not wait for the standby");
    }

    /**
     * Waits until {@code expected} rows are visible (a commit released from its wait for the standby
     * becomes visible a moment later), and returns how many there are; the test's timeout bounds it.
     */
    private static int awaitRows(int expected) throws SQLException, InterruptedException {
        for (;;) {
            try (Connection c = cluster.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select count(*) from orders")) {
                rs.next();
                int rows = rs.getInt(1);
                if (rows >= expected) {
                    return rows;
                }
            }
            Thread.sleep(20);
        }
    }
}
