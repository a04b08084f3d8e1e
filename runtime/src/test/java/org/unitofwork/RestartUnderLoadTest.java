package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.faults.CommitFault;
import org.unitofwork.faults.FaultProxy;
import org.unitofwork.faults.PrivateCluster;
import org.unitofwork.faults.PrivateCluster.StopMode;
import org.unitofwork.scenarios.TestDatabase;

/**
 * S4 and issue 12 item 1 under load: threads commit units through the pool while the server restarts
 * several times, fast (sessions end with 57P01) and immediate (sessions dropped, as in a crash). Some
 * restarts come at random moments; others strike exactly while a commit is in flight: a {@link
 * FaultProxy} between pool and server lets the server execute a {@code COMMIT}, drops its answer,
 * restarts the server, and passes on whatever the dying session said. Every unit reported committed
 * has its row, no unit reported rolled back has its row ({@code UNKNOWN} may go either way), the
 * exception and the hooks of each unit agree, and the pool heals. On a private cluster, since the
 * shared server must never be restarted.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RestartUnderLoadTest {
    private static final String DB = "restarted";
    private static final int THREADS = 4;
    private static final int POOL_SIZE = 4;
    /** Units that must end between two restarts: the restarts are spaced by progress, not by time. */
    private static final int UNITS_BETWEEN_RESTARTS = 40;
    private static PrivateCluster cluster;

    /** A restart of the server: how it stops, and whether it strikes while a commit is in flight. */
    private enum Restart {
        FAST_ANY_TIME(StopMode.FAST, false),
        IMMEDIATE_ANY_TIME(StopMode.IMMEDIATE, false),
        FAST_DURING_A_COMMIT(StopMode.FAST, true),
        IMMEDIATE_DURING_A_COMMIT(StopMode.IMMEDIATE, true);

        final StopMode mode;
        final boolean duringACommit;

        Restart(StopMode mode, boolean duringACommit) {
            this.mode = mode;
            this.duringACommit = duringACommit;
        }
    }

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

    @Test
    void everyOutcomeReportedUnderRestartsIsTrueAndThePoolHeals() throws Exception {
        List<UnitReport> reports = new ArrayList<>();
        try (FaultProxy proxy = FaultProxy.inFrontOf(cluster.url());
                Database db = Database.builder(proxy.url()).name(DB).user(PrivateCluster.USER).poolSize(POOL_SIZE)
                        .configure(c -> c.setConnectionTimeout(10_000)).build()) {
            Boundary place = Boundary.builder("Orders.place").database(DB).resolveUnknownCommit(true).build();
            reports.addAll(runUnderRestarts(place, proxy));

            int failuresAfterRestarts = 0;
            for (int i = 0; i < POOL_SIZE + 5; i++) {
                UnitReport later = UnitReport.insert(place, "orders", 1_000_000 + i);
                reports.add(later);
                if (later.thrown != null) {
                    failuresAfterRestarts++;
                }
            }
            assertTrue(failuresAfterRestarts <= POOL_SIZE, "the pool heals: each dead connection fails one unit at most,"
                    + " but " + failuresAfterRestarts + " of " + (POOL_SIZE + 5) + " units failed after the restarts");
            assertEquals(0, db.activeConnections());
        }

        Set<Integer> rows = Rows.ids(TestDatabase.POSTGRES, cluster.url(), "orders");
        List<String> problems = reports.stream().map(r -> r.problem(rows.contains(r.id))).filter(p -> p != null)
                .collect(Collectors.toList());
        assertTrue(problems.isEmpty(), problems.size() + " of " + reports.size() + " units reported an outcome that is"
                + " not true (" + summary(reports) + "):\n" + problems.stream().limit(10).collect(Collectors.joining("\n")));
    }

    /** Runs units on {@value #THREADS} threads while the server restarts in each way of {@link Restart}, twice. */
    private static List<UnitReport> runUnderRestarts(Boundary place, FaultProxy proxy) throws Exception {
        Queue<UnitReport> reports = new ConcurrentLinkedQueue<>();
        AtomicInteger nextId = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService workers = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                running.add(workers.submit(() -> {
                    while (!stop.get()) {
                        reports.add(UnitReport.insert(place, "orders", nextId.incrementAndGet()));
                        ended.incrementAndGet();
                    }
                }));
            }
            for (int round = 0; round < 2; round++) {
                for (Restart restart : Restart.values()) {
                    awaitProgress(ended, UNITS_BETWEEN_RESTARTS);
                    if (restart.duringACommit) {
                        CommitFault cut = proxy.cutAfterNextCommit(session -> cluster.restart(restart.mode));
                        assertTrue(cut.awaitFired(Duration.ofMinutes(1)), "a unit committed while the load ran");
                    } else {
                        cluster.restart(restart.mode);
                    }
                }
            }
            awaitProgress(ended, UNITS_BETWEEN_RESTARTS);
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            stop.set(true);
            workers.shutdownNow();
        }
        return new ArrayList<>(reports);
    }

    private static void awaitProgress(AtomicInteger ended, int units) throws InterruptedException {
        int target = ended.get() + units;
        while (ended.get() < target) {
            Thread.sleep(5);
        }
    }

    private static String summary(List<UnitReport> reports) {
        return reports.stream().collect(Collectors.groupingBy(r -> r.byException() + (r.thrown == null ? ""
                : " " + r.thrown.getClass().getSimpleName()), Collectors.counting())).toString();
    }

}
