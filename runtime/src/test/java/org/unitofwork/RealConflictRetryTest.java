package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.scenarios.TestDatabase;

/**
 * S17 against real conflicts, not simulated ones: serialization failures between SERIALIZABLE
 * transactions on PostgreSQL and deadlocks on MariaDB are retried until every unit has committed
 * exactly once.
 */
class RealConflictRetryTest {
    private static final int THREADS = 4;
    private static final int UNITS_PER_THREAD = 25;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void serializationFailuresOnPostgresAreRetriedAndEachUnitCommitsOnce() throws Exception {
        TestDatabase target = TestDatabase.POSTGRES;
        target.assumeAvailable();
        String table = TestDatabase.uniqueName("uow_counter");
        String url = target.newUrl();
        try (Connection c = target.connect(url); Statement s = c.createStatement()) {
            s.execute("create table " + table + " (id int primary key, n int not null)");
            s.execute("insert into " + table + " values (1, 0)");
        }
        try (Database db = target.build("conflicts", url, THREADS)) {
            AtomicInteger attempts = new AtomicInteger();
            Boundary increment = Boundary.builder("Counter.increment").database("conflicts")
                    .isolation(Isolation.SERIALIZABLE).retries(50).build();
            runConcurrently(() -> increment.run(session -> {
                attempts.incrementAndGet();
                Connection c = session.connection();
                int n;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "select n from " + table + " where id = 1")) {
                    rs.next();
                    n = rs.getInt(1);
                }
                Thread.sleep(1); // widen the window in which two units read the same value
                try (PreparedStatement p = c.prepareStatement("update " + table + " set n = ? where id = 1")) {
                    p.setInt(1, n + 1);
                    p.executeUpdate();
                }
            }));
            assertEquals(THREADS * UNITS_PER_THREAD, counter(target, url, table),
                    "every unit committed exactly once: no lost update, no double apply");
            assertTrue(attempts.get() > THREADS * UNITS_PER_THREAD,
                    "the workload must have produced serialization failures to retry (attempts: " + attempts + ")");
            assertEquals(0, db.activeConnections());
        } finally {
            target.dropTable(url, table);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void deadlocksOnMariaDbAreRetriedAndEachUnitCommitsOnce() throws Exception {
        TestDatabase target = TestDatabase.MARIADB;
        target.assumeAvailable();
        String table = TestDatabase.uniqueName("uow_pair");
        String url = target.newUrl();
        try (Connection c = target.connect(url); Statement s = c.createStatement()) {
            s.execute("create table " + table + " (id int primary key, n int not null) engine=InnoDB");
            s.execute("insert into " + table + " values (1, 0), (2, 0)");
        }
        try (Database db = target.build("deadlocks", url, 2)) {
            AtomicInteger attempts = new AtomicInteger();
            Boundary transfer = Boundary.builder("Pair.touchBoth").database("deadlocks").retries(50).build();
            CyclicBarrier bothHoldOneRow = new CyclicBarrier(2);
            int rounds = 10;
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    int first = t == 0 ? 1 : 2;
                    int second = t == 0 ? 2 : 1;
                    workers.add(pool.submit(() -> {
                        for (int i = 0; i < rounds; i++) {
                            transfer.run(session -> {
                                boolean firstAttempt = attempts.incrementAndGet() <= 2 * rounds;
                                increment(session, table, first);
                                if (firstAttempt) {
                                    awaitQuietly(bothHoldOneRow); // each thread holds one row: the next update deadlocks
                                }
                                increment(session, table, second);
                            });
                        }
                        return null;
                    }));
                }
                for (Future<?> worker : workers) {
                    worker.get();
                }
            } finally {
                pool.shutdownNow();
            }
            try (Connection c = target.connect(url); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select sum(n) from " + table)) {
                rs.next();
                assertEquals(2 * 2 * rounds, rs.getInt(1), "each unit's two increments committed exactly once");
            }
            assertTrue(attempts.get() > 2 * rounds, "deadlocks must have happened and been retried");
            assertEquals(0, db.activeConnections());
        } finally {
            target.dropTable(url, table);
        }
    }

    private static void increment(Session session, String table, int id) throws SQLException {
        try (Statement s = session.connection().createStatement()) {
            s.executeUpdate("update " + table + " set n = n + 1 where id = " + id);
        }
    }

    private static void awaitQuietly(CyclicBarrier barrier) {
        try {
            barrier.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the other thread is already past its first attempt: nothing to wait for
        }
    }

    private static void runConcurrently(Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < UNITS_PER_THREAD; i++) {
                        task.run();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int counter(TestDatabase target, String url, String table) throws SQLException {
        try (Connection c = target.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select n from " + table + " where id = 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @FunctionalInterface
    private interface Task {
        void run() throws Exception;
    }
}
