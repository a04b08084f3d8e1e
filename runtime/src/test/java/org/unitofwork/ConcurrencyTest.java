package org.unitofwork;

import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.scenarios.TestDatabase;

/**
 * Proves that units of work running on many threads at once, more threads than the pool has
 * connections, stay confined to their threads and leave nothing behind (S2, S13, S21):
 * <ul>
 *   <li>16 platform threads each run 200 units of four shapes (committing, failing, a NESTED failure
 *       the outer unit survives, a joined failure that makes it rollback-only) on H2, PostgreSQL and
 *       MariaDB;</li>
 *   <li>10,000 virtual threads each run one unit of two statements, every tenth failing on purpose, on
 *       H2 and PostgreSQL (JDK 21 or later; CI runs it on JDK 25).</li>
 * </ul>
 * Every unit ends with the exception its shape predicts, sees {@link Session#current(String)} return
 * its own session, and each thread has no unit registered after its last one. Afterwards the rows
 * are exactly those of the units that committed and no connection is borrowed.
 *
 * <p>The pool has 10 connections. Units wait for one, and the pool's connection timeout is set far
 * beyond the test's own timeout: a wait never times out in a healthy run, and a stuck run fails the
 * test instead of hanging it. A unit holds at most one connection, because with more threads than
 * connections, units that each need a second one (REQUIRES_NEW, NOT_SUPPORTED) can starve each
 * other for good: that is a property of any pool, not of this library.
 */
@Timeout(value = 120, unit = SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConcurrencyTest {
    private static final int POOL_SIZE = 10;
    private static final long CONNECTION_TIMEOUT_MILLIS = MINUTES.toMillis(10);
    private static final int PLATFORM_THREADS = 16;
    private static final int UNITS_PER_THREAD = 200;
    private static final int VIRTUAL_THREADS = 10_000;
    /** Every unit whose row id is a multiple of this fails on purpose in the virtual-thread test. */
    private static final int VIRTUAL_FAILURE_EVERY = 10;

    @Test
    void platformThreadsOnH2() throws Exception {
        platformThreads(TestDatabase.H2);
    }

    @Test
    void platformThreadsOnPostgres() throws Exception {
        platformThreads(TestDatabase.POSTGRES);
    }

    @Test
    void platformThreadsOnMariaDb() throws Exception {
        platformThreads(TestDatabase.MARIADB);
    }

    @Test
    void s21_tenThousandVirtualThreadsOnH2() throws Exception {
        virtualThreads(TestDatabase.H2);
    }

    @Test
    void s21_tenThousandVirtualThreadsOnPostgres() throws Exception {
        virtualThreads(TestDatabase.POSTGRES);
    }

    // ---------------------------------------------------------------- platform threads

    private static void platformThreads(TestDatabase target) throws Exception {
        try (Fixture f = new Fixture(target)) {
            ExecutorService workers = Executors.newFixedThreadPool(PLATFORM_THREADS);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> finished = new ArrayList<>();
                for (int w = 0; w < PLATFORM_THREADS; w++) {
                    int worker = w;
                    finished.add(workers.submit(() -> {
                        start.await();
                        runUnits(f, worker);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> worker : finished) {
                    worker.get();
                }
            } finally {
                workers.shutdownNow();
            }

            Set<Integer> expected = new TreeSet<>();
            for (int w = 0; w < PLATFORM_THREADS; w++) {
                for (int u = 0; u < UNITS_PER_THREAD; u++) {
                    expected.addAll(Shape.of(w, u).committed(firstRowId(w, u)));
                }
            }
            f.assertNothingLeft(expected);
        }
    }

    /** One worker: its units one after the other, then the check that its thread holds no unit. */
    private static void runUnits(Fixture f, int worker) {
        for (int u = 0; u < UNITS_PER_THREAD; u++) {
            Shape shape = Shape.of(worker, u);
            Throwable thrown = null;
            try {
                shape.run(f, firstRowId(worker, u));
            } catch (Throwable t) {
                thrown = t;
            }
            if (shape.thrown == null ? thrown != null : !shape.thrown.isInstance(thrown)) {
                f.problem("unit " + u + " (" + shape + ") should have thrown "
                        + (shape.thrown == null ? "nothing" : shape.thrown.getSimpleName()) + " but threw " + thrown);
            }
        }
        f.checkRegistryEmpty("after its last unit");
    }

    /** Each unit writes at most two rows: {@code firstRowId} and the one after. */
    private static int firstRowId(int worker, int unit) {
        return (worker * UNITS_PER_THREAD + unit) * 2 + 1;
    }

    /** The units of the platform-thread test, each on one connection, with the rows it commits. */
    private enum Shape {
        /** The outer unit and a joined inner boundary insert a row each; both commit. */
        COMMITS(null) {
            @Override
            void run(Fixture f, int id) throws Exception {
                f.db.run(session -> {
                    f.insert(session, id);
                    f.joined.run(inner -> f.insertAsInner(session, inner, id + 1));
                });
            }

            @Override
            List<Integer> committed(int id) {
                return List.of(id, id + 1);
            }
        },
        /** The outer unit throws after both inserts: nothing commits (S1). */
        FAILS(WorkFailure.class) {
            @Override
            void run(Fixture f, int id) throws Exception {
                f.db.run(session -> {
                    f.insert(session, id);
                    f.joined.run(inner -> f.insertAsInner(session, inner, id + 1));
                    throw new WorkFailure(id);
                });
            }

            @Override
            List<Integer> committed(int id) {
                return List.of();
            }
        },
        /** A NESTED boundary fails and the outer unit catches it: only the outer row commits (S8). */
        NESTED_FAILURE_CAUGHT(null) {
            @Override
            void run(Fixture f, int id) throws Exception {
                f.db.run(session -> {
                    f.insert(session, id);
                    try {
                        f.nested.run(inner -> {
                            f.insertAsInner(session, inner, id + 1);
                            throw new WorkFailure(id + 1);
                        });
                    } catch (WorkFailure expected) {
                        // the savepoint is rolled back and the outer unit goes on
                    }
                });
            }

            @Override
            List<Integer> committed(int id) {
                return List.of(id);
            }
        },
        /** A joined boundary fails and the outer unit catches it: the unit rolls back and says so (S6). */
        JOINED_FAILURE_CAUGHT(RollbackOnlyException.class) {
            @Override
            void run(Fixture f, int id) throws Exception {
                f.db.run(session -> {
                    f.insert(session, id);
                    try {
                        f.joined.run(inner -> {
                            f.insertAsInner(session, inner, id + 1);
                            throw new WorkFailure(id + 1);
                        });
                    } catch (WorkFailure expected) {
                        // returning normally now must not commit the unit the failure marked rollback-only
                    }
                });
            }

            @Override
            List<Integer> committed(int id) {
                return List.of();
            }
        };

        /** What the unit throws, or null when it commits. */
        final Class<? extends Throwable> thrown;

        Shape(Class<? extends Throwable> thrown) {
            this.thrown = thrown;
        }

        static Shape of(int worker, int unit) {
            return values()[(worker + unit) % values().length];
        }

        abstract void run(Fixture f, int id) throws Exception;

        abstract List<Integer> committed(int id);
    }

    // ---------------------------------------------------------------- virtual threads

    private static void virtualThreads(TestDatabase target) throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21 or later; this is JDK "
                + Runtime.version() + ". CI runs this test on JDK 25.");
        // Reflection, because the tests compile with --release 17.
        Method newExecutor = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        Method isVirtual = Thread.class.getMethod("isVirtual");
        try (Fixture f = new Fixture(target)) {
            ExecutorService threads = (ExecutorService) newExecutor.invoke(null);
            try {
                List<Future<?>> finished = new ArrayList<>(VIRTUAL_THREADS);
                for (int id = 1; id <= VIRTUAL_THREADS; id++) {
                    int row = id;
                    finished.add(threads.submit(() -> {
                        if (!(Boolean) isVirtual.invoke(Thread.currentThread())) {
                            f.problem("the unit of row " + row + " is not on a virtual thread");
                        }
                        virtualUnit(f, row);
                        return null;
                    }));
                }
                for (Future<?> thread : finished) {
                    thread.get();
                }
            } finally {
                threads.shutdownNow();
            }
            assertTrue(threads.awaitTermination(30, SECONDS), "virtual threads still running after their units");

            Set<Integer> expected = new TreeSet<>();
            for (int id = 1; id <= VIRTUAL_THREADS; id++) {
                if (id % VIRTUAL_FAILURE_EVERY != 0) {
                    expected.add(id);
                }
            }
            f.assertNothingLeft(expected);
        }
    }

    /** Inserts a row and reads it back in one unit, which fails on purpose for every tenth row. */
    private static void virtualUnit(Fixture f, int id) {
        boolean fails = id % VIRTUAL_FAILURE_EVERY == 0;
        Throwable thrown = null;
        try {
            f.db.run(session -> {
                f.insert(session, id);
                if (Session.current(f.db.name()) != session) {
                    f.problem("Session.current() in the unit of row " + id + " is not the unit's session");
                }
                if (f.count(session, id) != 1) {
                    f.problem("the unit of row " + id + " does not see its own row");
                }
                if (fails) {
                    throw new WorkFailure(id);
                }
            });
        } catch (Throwable t) {
            thrown = t;
        }
        if (fails ? !(thrown instanceof WorkFailure) : thrown != null) {
            f.problem("the unit of row " + id + " should have thrown " + (fails ? "WorkFailure" : "nothing")
                    + " but threw " + thrown);
        }
        f.checkRegistryEmpty("after its unit");
    }

    // ---------------------------------------------------------------- shared

    /** A failure thrown on purpose: a checked exception, which reaches the caller as itself. */
    private static final class WorkFailure extends Exception {
        private static final long serialVersionUID = 1L;

        WorkFailure(int id) {
            super("the unit of row " + id + " failed on purpose", null, true, false);
        }
    }

    /** A database with a fresh table, the inner boundaries the units use, and the problems the threads report. */
    private static final class Fixture implements AutoCloseable {
        final Database db;
        final Boundary joined;
        final Boundary nested;
        private final TestDatabase target;
        private final String url;
        private final String table;
        private final Queue<String> problems = new ConcurrentLinkedQueue<>();

        Fixture(TestDatabase target) throws SQLException {
            target.assumeAvailable();
            this.target = target;
            this.url = target.newUrl();
            this.table = TestDatabase.uniqueName("uow_conc");
            String name = TestDatabase.uniqueName("concurrent");
            target.createTable(url, table);
            try {
                db = target.builder(url).name(name).poolSize(POOL_SIZE)
                        .configure(c -> c.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS))
                        .build();
            } catch (RuntimeException e) {
                target.dropTable(url, table);
                throw e;
            }
            joined = Boundary.builder("Concurrency.joined").database(name).build();
            nested = Boundary.builder("Concurrency.nested").database(name).propagation(Propagation.NESTED).build();
        }

        void insert(Session session, int id) throws SQLException {
            try (PreparedStatement s = session.connection().prepareStatement(
                    "insert into " + table + " (id, note) values (?, ?)")) {
                s.setInt(1, id);
                s.setString(2, Thread.currentThread().getName());
                s.executeUpdate();
            }
        }

        /** Inserts through {@link Session#current(String)} after checking it is the outer unit's session. */
        void insertAsInner(Session outer, Session inner, int id) throws SQLException {
            Session current = Session.current(db.name());
            if (current != outer || inner != outer) {
                problem("the inner boundary of row " + id + " was given " + inner + " and Session.current() returned "
                        + current + ", instead of the outer unit's " + outer);
            }
            insert(current, id);
        }

        int count(Session session, int id) throws SQLException {
            try (PreparedStatement s = session.connection().prepareStatement(
                    "select count(*) from " + table + " where id = ?")) {
                s.setInt(1, id);
                try (ResultSet rows = s.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        }

        void problem(String problem) {
            problems.add(Thread.currentThread() + ": " + problem);
        }

        void checkRegistryEmpty(String when) {
            try {
                Session session = Session.current(db.name());
                problem("a unit is still registered " + when + ": " + session);
            } catch (NoActiveUnitException expected) {
                // the thread holds nothing
            }
        }

        void assertNothingLeft(Set<Integer> expectedRows) throws SQLException {
            if (!problems.isEmpty()) {
                List<String> first = new ArrayList<>(problems).subList(0, Math.min(20, problems.size()));
                fail(problems.size() + " problems on the threads, the first ones:\n  " + String.join("\n  ", first));
            }
            Set<Integer> rows = new TreeSet<>();
            try (Connection c = target.connect(url); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("select id from " + table)) {
                while (r.next()) {
                    rows.add(r.getInt(1));
                }
            }
            Set<Integer> missing = new TreeSet<>(expectedRows);
            missing.removeAll(rows);
            Set<Integer> unexpected = new TreeSet<>(rows);
            unexpected.removeAll(expectedRows);
            assertTrue(missing.isEmpty() && unexpected.isEmpty(), "rows of committed units missing: " + missing
                    + "; rows of units that did not commit present: " + unexpected);
            assertEquals(0, db.activeConnections(), "connections still borrowed after all units ended");
        }

        @Override
        public void close() throws SQLException {
            db.close();
            target.dropTable(url, table);
        }
    }
}
