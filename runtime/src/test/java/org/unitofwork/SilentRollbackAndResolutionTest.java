package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.unitofwork.faults.CommitFault;
import org.unitofwork.faults.FaultProxy;
import org.unitofwork.scenarios.TestDatabase;

/**
 * The commit outcome where the plain cases stop (S1, S4, S16, issue 12 item 1): a commit the server
 * silently turns into a rollback, a unit whose only effect happens at commit, and a resolution facing
 * a server that stops answering.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SilentRollbackAndResolutionTest {
    private static final String DB = "silent-rollback";

    private final TestDatabase target = TestDatabase.POSTGRES;
    private String table;
    private FaultProxy proxy;
    private Database db;
    private final HeardHooks hooks = new HeardHooks();

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

    private void setUp(boolean throughProxy, int poolSize) throws SQLException {
        target.assumeAvailable();
        table = TestDatabase.uniqueName("uow_silent");
        target.createTable(target.newUrl(), table);
        String url = target.newUrl();
        if (throughProxy) {
            proxy = FaultProxy.inFrontOf(url);
            url = proxy.url();
        }
        db = target.builder(url).name(DB).poolSize(poolSize)
                .configure(c -> c.setConnectionTimeout(3_000)).build();
    }

    /**
     * S1/S4 ("nothing is committed or rolled back silently"; COMMITTED only when it committed): on
     * PostgreSQL a statement error aborts the transaction; work that catches it and returns normally
     * gets a COMMIT the server answers with ROLLBACK. The unit must not report COMMITTED and run its
     * afterCommit hooks for work that is not there.
     */
    @Test
    void s4_commitThatTheServerTurnsIntoRollbackIsNeverReportedCommitted() throws Exception {
        setUp(false, 2);
        Throwable thrown = null;
        try {
            db.run(session -> {
                hooks.listenTo(session);
                Rows.insert(session, table, 1);
                try (Statement s = session.connection().createStatement()) {
                    s.execute("select 1/0"); // aborts the PostgreSQL transaction
                } catch (SQLException expected) {
                    // the work handles its own error and goes on, as much code does
                }
            });
        } catch (Throwable t) {
            thrown = t;
        }
        Set<Integer> rows = Rows.ids(target, target.newUrl(), table);
        Throwable failure = thrown;
        System.out.println("s4 silent rollback: thrown=" + failure + ", hooks=" + hooks.heard() + ", rows=" + rows);
        assertEquals(Set.of(), rows, "the server rolled the transaction back");
        assertAll(
                () -> assertNotEquals(HeardHooks.COMMITTED, hooks.heard(),
                        "afterCommit ran and afterCompletion heard COMMITTED for work the server rolled back"),
                () -> assertNotNull(failure, "the boundary returned normally although nothing was committed"));
    }

    /**
     * The other side of the rule above: a read-only unit whose refused write the work catches has
     * nothing the server could have kept, so it ends normally, as its reads did, instead of failing
     * work that lost nothing.
     */
    @Test
    void s4_readOnlyUnitThatCatchesARefusedWriteEndsNormally() throws Exception {
        setUp(false, 2);
        Boundary readOnly = Boundary.builder("Report.totals").database(DB).readOnly(true).build();
        Integer seen = readOnly.call(session -> {
            hooks.listenTo(session);
            try (Statement s = session.connection().createStatement()) {
                try {
                    s.execute("insert into " + table + " (id) values (1)");
                } catch (SQLException expected) {
                    // refused by the read-only transaction, which the server now holds aborted
                }
            }
            return 7;
        });
        assertEquals(7, seen);
        assertEquals(Set.of(), Rows.ids(target, target.newUrl(), table));
        assertEquals(HeardHooks.COMMITTED, hooks.heard());
    }

    /**
     * Issue 12 item 1 with resolveUnknownCommit: a unit whose only effect is a NOTIFY has no
     * transaction id before COMMIT (PostgreSQL assigns it during the commit), so "wroteNothing" is no
     * proof that nothing can be lost. A COMMIT cut before it reached the server must not be reported
     * as committed: the notification was never sent.
     */
    @Test
    void s4_notifyOnlyUnitWhoseCommitNeverReachedTheServerIsNotReportedCommitted() throws Exception {
        setUp(true, 2);
        String channel = TestDatabase.uniqueName("uow_chan");
        try (Connection listener = target.connect(target.newUrl())) {
            try (Statement s = listener.createStatement()) {
                s.execute("listen " + channel);
            }
            Boundary publish = Boundary.builder("Events.publish").database(DB).resolveUnknownCommit(true).build();
            CommitFault cut = proxy.cutBeforeNextCommit();
            Throwable thrown = null;
            try {
                publish.run(session -> {
                    hooks.listenTo(session);
                    try (Statement s = session.connection().createStatement()) {
                        s.execute("notify " + channel + ", 'order 42 placed'");
                    }
                });
            } catch (Throwable t) {
                thrown = t;
            }
            assertTrue(cut.hasFired(), "the proxy cut the COMMIT before the server got it");
            PGNotification[] heard = listener.unwrap(PGConnection.class).getNotifications(2_000);
            int notifications = heard == null ? 0 : heard.length;
            Throwable failure = thrown;
            System.out.println("notify-only: thrown=" + failure + ", hooks=" + hooks.heard()
                    + ", notifications delivered=" + notifications);
            assertEquals(0, notifications, "the server never got the COMMIT: nothing was sent");
            assertAll(
                    () -> assertNotEquals(HeardHooks.COMMITTED, hooks.heard(),
                            "reported COMMITTED (afterCommit ran) though the notification was never sent"),
                    () -> assertNotNull(failure, "the boundary returned normally: it claims the work committed"));
        }
    }

    /**
     * S16 and issue 12 items 1 and 4: the resolution asks "within the pool's connection timeout"
     * (README, Commit outcome), and the deadline bounds what the unit waits for. Here the connection
     * is cut just after the server executed COMMIT, and the server stops answering at that moment
     * (a partition). The resolving connection is a pooled one that HikariCP hands out without
     * validation (used within the last 500 ms), and its query has no network timeout: the unit
     * must still end, well within the pool's 3 s connection timeout plus its own 2 s deadline.
     */
    @Test
    void s16_resolutionOfAnUnknownCommitEndsWhenTheServerStopsAnswering() throws Exception {
        setUp(true, 3);
        Boundary place = Boundary.builder("Orders.place").database(DB).timeoutSeconds(2)
                .resolveUnknownCommit(true).build();
        Boundary audit = Boundary.builder("Audit.touch").database(DB)
                .propagation(Propagation.REQUIRES_NEW).build();
        CommitFault[] cut = new CommitFault[1];
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            Future<Throwable> unit = worker.submit(() -> {
                try {
                    place.run(session -> {
                        hooks.listenTo(session);
                        Rows.insert(session, table, 1);
                        // ordinary work: another unit on another pooled connection, just before the commit
                        audit.run(inner -> Rows.query(inner, "select 1"));
                        cut[0] = proxy.cutAfterNextCommit(pid -> {
                            proxy.blackHole(); // the server stops answering everybody...
                            throw new IllegalStateException("partition"); // ...and this connection is cut at once
                        });
                    });
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            long started = System.nanoTime();
            try {
                Throwable t = unit.get(20, TimeUnit.SECONDS);
                System.out.println("resolution ended after "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms with " + t);
            } catch (TimeoutException e) {
                StringBuilder stack = new StringBuilder();
                for (java.util.Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
                    if (entry.getKey().getName().startsWith("pool-")) {
                        for (StackTraceElement frame : entry.getValue()) {
                            stack.append("\n    at ").append(frame);
                        }
                    }
                }
                System.out.println("resolution still blocked after 20 s (cut fired: " + (cut[0] != null && cut[0].hasFired())
                        + "); unit thread stack:" + stack);
                proxy.close(); // frees the blocked thread
                fail("a unit with a 2 s deadline and a 3 s pool connection timeout was still blocked in the"
                        + " resolution of its commit after 20 s: the resolving query has no network timeout");
            } catch (ExecutionException e) {
                throw e;
            }
        } finally {
            worker.shutdownNow();
        }
    }
}
