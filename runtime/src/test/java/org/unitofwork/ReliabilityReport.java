package org.unitofwork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.unitofwork.faults.FaultProxy;
import org.unitofwork.faults.HeldCommit;
import org.unitofwork.faults.PrivateCluster;
import org.unitofwork.faults.PrivateCluster.StopMode;
import org.unitofwork.scenarios.TestDatabase;

/**
 * Not a test: the measurements behind the reliability table of {@code RELIABILITY.md}. Runs only with
 * {@code -Dunitofwork.reliability.report=true} ({@code -Dunitofwork.reliability.runs=N} runs per case,
 * 5 when not set), on a private cluster behind a {@link FaultProxy}, and prints Markdown to standard
 * output and to {@code target/reliability-report.md}:
 *
 * <ul>
 *   <li>commits cut at each point (just before {@code COMMIT}, just after it, after it with the backend
 *       terminated or the server restarted, its answer held past the deadline, a synchronous standby
 *       that never answers), each with and without {@code resolveUnknownCommit}: what the caller was
 *       told, what really happened (is the row there), and how many reports were wrong;
 *   <li>how long the pool takes to serve units again after a fast restart;
 *   <li>how far past its deadline a unit ends when a statement runs long, when the answer to its
 *       commit does not come, and when the server is black-holed.
 * </ul>
 *
 * <p>A unit that has not ended 30 s after it started ({@code -Dunitofwork.reliability.capSeconds}) is
 * counted as "did not end" and freed by undoing the fault. Run: {@code mvn -pl runtime test -Dtest=ReliabilityReport
 * -Dunitofwork.reliability.report=true}.
 */
@EnabledIfSystemProperty(named = "unitofwork.reliability.report", matches = "true")
class ReliabilityReport {
    private static final int RUNS = Integer.getInteger("unitofwork.reliability.runs", 5);
    private static final int CAP_SECONDS = Integer.getInteger("unitofwork.reliability.capSeconds", 30);
    private static final int DEADLINE_SECONDS = 2;
    private static final int POOL_SIZE = 4;
    private static final AtomicInteger IDS = new AtomicInteger();
    private static PrivateCluster cluster;
    private static FaultProxy proxy;
    private static final ExecutorService unitThread = Executors.newCachedThreadPool();
    private static final StringBuilder report = new StringBuilder();

    /** Where a commit is cut, how, and how the fault is undone once the unit has ended (or given up on). */
    private enum CutPoint {
        BEFORE_COMMIT("connection cut just before COMMIT (server never gets it)", 0) {
            @Override
            Runnable arm() {
                proxy.cutBeforeNextCommit();
                return proxy::disarm;
            }
        },
        AFTER_COMMIT("connection cut just after COMMIT (server executes it, answer lost)", 0) {
            @Override
            Runnable arm() {
                proxy.cutAfterNextCommit();
                return proxy::disarm;
            }
        },
        BACKEND_TERMINATED("COMMIT executed, then pg_terminate_backend (client hears 57P01)", 0) {
            @Override
            Runnable arm() {
                proxy.cutAfterNextCommit(pid -> cluster.execute("select pg_terminate_backend(" + pid + ")"));
                return proxy::disarm;
            }
        },
        SERVER_RESTARTED("COMMIT executed, then a fast server restart", 0) {
            @Override
            Runnable arm() {
                proxy.cutAfterNextCommit(pid -> cluster.restart(StopMode.FAST));
                return proxy::disarm;
            }
        },
        ANSWER_HELD("answer to COMMIT held past the " + DEADLINE_SECONDS + " s deadline", DEADLINE_SECONDS) {
            @Override
            Runnable arm() {
                HeldCommit held = proxy.holdNextCommitReply();
                return () -> {
                    proxy.disarm();
                    held.cut();
                };
            }
        },
        STANDBY_NEVER_ANSWERS("synchronous standby never answers, " + DEADLINE_SECONDS + " s deadline", DEADLINE_SECONDS) {
            @Override
            Runnable arm() {
                cluster.synchronousStandby("never_answers");
                return cluster::noSynchronousStandby;
            }
        };

        final String description;
        final int timeoutSeconds;

        CutPoint(String description, int timeoutSeconds) {
            this.description = description;
            this.timeoutSeconds = timeoutSeconds;
        }

        /** Arms the fault for the next commit; returns what undoes it. */
        abstract Runnable arm();
    }

    /** What the caller was told, as a column of the table. */
    private enum Told {
        COMMITTED, ROLLED_BACK, UNKNOWN, DID_NOT_END
    }

    @BeforeAll
    static void startCluster() {
        cluster = PrivateCluster.start();
        cluster.execute("create table orders (id int primary key, note varchar(100))");
        proxy = FaultProxy.inFrontOf(cluster.url());
    }

    @AfterAll
    static void closeAndWrite() throws IOException {
        unitThread.shutdownNow();
        if (proxy != null) {
            proxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        Path file = Path.of("target", "reliability-report.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
        System.out.println(report);
        System.out.println("Written to " + file.toAbsolutePath());
    }

    @Test
    void report() throws Exception {
        report.append("## Reliability at the edges: measured\n\n").append(RUNS).append(" runs per case, PostgreSQL ")
                .append(cluster.queryValue("show server_version")).append(" (private cluster, fsync off), pool of ")
                .append(POOL_SIZE).append(", JDK ").append(Runtime.version().feature()).append(".\n\n");
        commitsCutAtEachPoint();
        poolHealAfterRestart();
        deadlinePrecision();
    }

    private void commitsCutAtEachPoint() throws Exception {
        report.append("### Commits cut at each point\n\n")
                .append("| cut | resolveUnknownCommit | runs | told COMMITTED | told ROLLED_BACK | told UNKNOWN |"
                        + " did not end | row there | wrong reports |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (CutPoint cut : CutPoint.values()) {
            for (boolean resolve : new boolean[] {false, true}) {
                Map<Told, Integer> told = new EnumMap<>(Told.class);
                int rowsThere = 0;
                int wrong = 0;
                try (Database db = database("report_cut")) {
                    Boundary place = Boundary.builder("Orders.place").database("report_cut")
                            .timeoutSeconds(cut.timeoutSeconds).resolveUnknownCommit(resolve).build();
                    for (int run = 0; run < RUNS; run++) {
                        int id = IDS.incrementAndGet();
                        Runnable undo = cut.arm();
                        Timed<UnitReport> unit = capped(() -> UnitReport.insert(place, "orders", id), undo);
                        undo.run();
                        boolean rowThere = awaitRow(id, cut == CutPoint.STANDBY_NEVER_ANSWERS);
                        rowsThere += rowThere ? 1 : 0;
                        Told t = unit.ended ? Told.valueOf(unit.value.byException().name()) : Told.DID_NOT_END;
                        told.merge(t, 1, Integer::sum);
                        if (!unit.ended || unit.value.problem(rowThere) != null) {
                            wrong++;
                        }
                    }
                }
                report.append("| ").append(cut.description).append(" | ").append(resolve).append(" | ").append(RUNS);
                for (Told t : Told.values()) {
                    report.append(" | ").append(told.getOrDefault(t, 0));
                }
                report.append(" | ").append(rowsThere).append(" | ").append(wrong).append(" |\n");
            }
        }
        report.append("\nTold: what the caller got. The boundary returned normally: COMMITTED; it threw"
                + " CommitOutcomeUnknownException: UNKNOWN; it threw anything else: ROLLED_BACK. Wrong reports: told"
                + " committed without the row, told rolled back with the row, exception and hooks disagreeing, or no end"
                + " within ").append(CAP_SECONDS).append(" s.\n\n");
    }

    private void poolHealAfterRestart() throws Exception {
        List<Long> firstUnit = new ArrayList<>();
        List<Long> wholePool = new ArrayList<>();
        try (Database db = Database.builder(cluster.url()).name("report_heal").user(PrivateCluster.USER)
                .poolSize(POOL_SIZE).configure(c -> c.setConnectionTimeout(5_000)).build()) {
            Boundary place = Boundary.builder("Orders.place").database("report_heal").build();
            for (int run = 0; run < RUNS; run++) {
                fillPool(place);
                cluster.restart(StopMode.FAST);
                long ready = System.nanoTime();
                int consecutive = 0;
                boolean first = true;
                while (consecutive < POOL_SIZE) {
                    UnitReport unit = UnitReport.insert(place, "orders", IDS.incrementAndGet());
                    if (unit.thrown == null) {
                        if (first) {
                            firstUnit.add(millisSince(ready));
                            first = false;
                        }
                        consecutive++;
                    } else {
                        consecutive = 0;
                    }
                }
                wholePool.add(millisSince(ready));
            }
        }
        report.append("### Pool heal time after a fast restart\n\nFrom the server accepting connections again (pg_ctl"
                + " returned) until units succeed; units run one after another.\n\n")
                .append("| measure | min | median | max |\n|---|---|---|---|\n")
                .append(row("first unit succeeds (ms)", firstUnit))
                .append(row(POOL_SIZE + " units in a row succeed (ms)", wholePool)).append('\n');
    }

    /** Borrows every connection of the pool at once, so that all of them face the restart. */
    private static void fillPool(Boundary place) throws Exception {
        List<Future<UnitReport>> all = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(POOL_SIZE);
        try {
            for (int i = 0; i < POOL_SIZE; i++) {
                all.add(threads.submit(() -> UnitReport.insert(place, "orders", IDS.incrementAndGet())));
            }
            for (Future<UnitReport> f : all) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private void deadlinePrecision() throws Exception {
        List<Long> statement = new ArrayList<>();
        List<Long> heldCommit = new ArrayList<>();
        List<Long> standby = new ArrayList<>();
        List<Long> blackHole = new ArrayList<>();
        int[] hung = new int[4];
        try (Database db = database("report_deadline")) {
            Boundary unit = Boundary.builder("Orders.deadline").database("report_deadline")
                    .timeoutSeconds(DEADLINE_SECONDS).build();
            for (int run = 0; run < RUNS; run++) {
                measure(statement, hung, 0, () -> { }, () -> unit.run(session -> {
                    try (Statement s = session.connection().createStatement()) {
                        s.execute("select pg_sleep(" + (DEADLINE_SECONDS * 10) + ")");
                    }
                }));
                measure(heldCommit, hung, 1, CutPoint.ANSWER_HELD.arm(), () -> insert(unit));
                measure(standby, hung, 2, CutPoint.STANDBY_NEVER_ANSWERS.arm(), () -> insert(unit));
                measure(blackHole, hung, 3, proxy::heal, () -> unit.run(session -> {
                    Rows.query(session, "select 1");
                    proxy.blackHole();
                    Rows.query(session, "select 2");
                }));
            }
        }
        report.append("### Deadline precision\n\nHow long after its ").append(DEADLINE_SECONDS)
                .append(" s deadline a unit ends (ms; negative: before it). Did not end within ").append(CAP_SECONDS)
                .append(" s: counted apart.\n\n| waiting for | min | median | max | did not end |\n|---|---|---|---|---|\n")
                .append(row("a statement (pg_sleep)", statement, hung[0]))
                .append(row("the answer to COMMIT (held by the proxy)", heldCommit, hung[1]))
                .append(row("COMMIT on a synchronous standby that never answers", standby, hung[2]))
                .append(row("a black-holed server (mid-unit)", blackHole, hung[3])).append('\n');
    }

    private static void insert(Boundary unit) throws Exception {
        int id = IDS.incrementAndGet();
        unit.run(session -> Rows.insert(session, "orders", id));
    }

    /** Times one unit that should end at its deadline; {@code undo} frees it, and runs after it in any case. */
    private static void measure(List<Long> overshoots, int[] hung, int column, Runnable undo, Work work) throws Exception {
        Timed<Void> unit = capped(() -> {
            try {
                work.run();
            } catch (Throwable expected) {
                // the deadline's exception: only the time counts here
            }
            return null;
        }, undo);
        undo.run();
        if (unit.ended) {
            overshoots.add(unit.millis - DEADLINE_SECONDS * 1000L);
        } else {
            hung[column]++;
        }
    }

    private interface Work {
        void run() throws Throwable;
    }

    /** A result and how long it took; {@code ended} false when it did not end within the cap. */
    private static final class Timed<T> {
        final T value;
        final long millis;
        final boolean ended;

        Timed(T value, long millis, boolean ended) {
            this.value = value;
            this.millis = millis;
            this.ended = ended;
        }
    }

    /** Runs {@code work} on another thread; past the cap runs {@code free} and waits for the end. */
    private static <T> Timed<T> capped(Callable<T> work, Runnable free) throws Exception {
        long start = System.nanoTime();
        Future<T> f = unitThread.submit(work);
        try {
            T value = f.get(CAP_SECONDS, TimeUnit.SECONDS);
            return new Timed<>(value, millisSince(start), true);
        } catch (TimeoutException e) {
            free.run();
            proxy.heal();
            return new Timed<>(f.get(CAP_SECONDS, TimeUnit.SECONDS), millisSince(start), false);
        }
    }

    /** Whether row {@code id} is there; a commit released from a standby wait shows a moment later. */
    private static boolean awaitRow(int id, boolean mayLag) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(mayLag ? 5 : 0);
        for (;;) {
            Set<Integer> ids = Rows.ids(TestDatabase.POSTGRES, cluster.url(), "orders");
            if (ids.contains(id) || System.nanoTime() - until >= 0) {
                return ids.contains(id);
            }
            Thread.sleep(20);
        }
    }

    private static Database database(String name) {
        return Database.builder(proxy.url()).name(name).user(PrivateCluster.USER).poolSize(POOL_SIZE)
                .configure(c -> c.setConnectionTimeout(5_000)).build();
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static String row(String what, List<Long> values) {
        return row(what, values, -1);
    }

    private static String row(String what, List<Long> values, int didNotEnd) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        String cells = sorted.isEmpty() ? " – | – | –"
                : String.format(Locale.ROOT, " %d | %d | %d", sorted.get(0), sorted.get(sorted.size() / 2),
                        sorted.get(sorted.size() - 1));
        return "| " + what + " |" + cells + (didNotEnd >= 0 ? " | " + didNotEnd : "") + " |\n";
    }
}
