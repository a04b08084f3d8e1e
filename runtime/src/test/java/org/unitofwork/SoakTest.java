package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unitofwork.scenarios.TestDatabase;

/**
 * A ledger workload under failures and injected faults for a set time: transfers between accounts
 * in random lock order (so real deadlocks happen and are retried), business failures after the
 * writes, joined failures swallowed by the outer work, failed savepoint scopes, audit rows committed
 * on their own, and connections killed by the server in the middle of a unit.
 *
 * <p>Afterwards the books must balance: money is conserved, the ledger holds exactly the transfers
 * that were acknowledged to their caller (and every account's balance agrees with it), no
 * connection is borrowed, and every worker's registry is empty. Runs {@value #DEFAULT_SECONDS} s per
 * database; {@code -Dunitofwork.soak.seconds=N} runs longer.
 */
class SoakTest {
    private static final int DEFAULT_SECONDS = 4;
    private static final int ACCOUNTS = 20;
    private static final long OPENING_BALANCE = 1_000;
    private static final int WORKERS = 6;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void ledgerSurvivesFailuresAndFaults(TestDatabase target) throws Exception {
        target.assumeAvailable();
        int seconds = Integer.getInteger("unitofwork.soak.seconds", DEFAULT_SECONDS);
        String url = target.newUrl();
        String accounts = TestDatabase.uniqueName("uow_acct");
        String ledger = TestDatabase.uniqueName("uow_ledger");
        String audit = TestDatabase.uniqueName("uow_audit");
        try (Connection c = target.connect(url); Statement s = c.createStatement()) {
            s.execute("create table " + accounts + " (id int primary key, balance bigint not null)");
            s.execute("create table " + ledger + " (id bigint primary key, from_account int not null,"
                    + " to_account int not null, amount bigint not null)");
            s.execute("create table " + audit + " (id bigint primary key, what varchar(40) not null)");
            for (int id = 0; id < ACCOUNTS; id++) {
                s.execute("insert into " + accounts + " values (" + id + ", " + OPENING_BALANCE + ")");
            }
        }
        try (Database db = target.build("soak", url, WORKERS + 2)) {
            Workload workload = new Workload(target, url, accounts, ledger, audit);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() - deadline < 0) {
                        workload.runOne();
                    }
                    assertThrows(NoActiveUnitException.class, () -> Session.current("soak"),
                            "a unit is still registered on a worker thread");
                    return null;
                }));
            }
            try {
                for (Future<?> worker : workers) {
                    worker.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, db.activeConnections(), "connections leaked");
            workload.assertBooksBalance();
            System.out.printf("soak on %s: %d s, %d units (%.0f units/s), %d acknowledged transfers, %d failures"
                            + " injected, %d connections killed, leaks: 0, lost: 0%n", target, seconds,
                    workload.units.get(), workload.units.get() / (double) seconds, workload.acknowledged.size(),
                    workload.injected.get(), workload.killed.get());
        } finally {
            target.dropTable(url, accounts);
            target.dropTable(url, ledger);
            target.dropTable(url, audit);
        }
    }

    /** One kind of trouble a transfer may run into. */
    private enum Trouble { NONE, BUSINESS_FAILURE, SWALLOWED_INNER_FAILURE, FAILED_SAVEPOINT_SCOPE, KILLED_CONNECTION }

    private static final class Workload {
        private final TestDatabase target;
        private final String url;
        private final String accounts;
        private final String ledger;
        private final String audit;
        private final Boundary transfer = Boundary.builder("Soak.transfer").database("soak").retries(8).build();
        private final Boundary debit = Boundary.builder("Soak.debit").database("soak")
                .propagation(Propagation.MANDATORY).build();
        private final Boundary savepoint = Boundary.builder("Soak.bonus").database("soak")
                .propagation(Propagation.NESTED).build();
        private final Boundary auditLog = Boundary.builder("Soak.audit").database("soak")
                .propagation(Propagation.REQUIRES_NEW).build();
        private final AtomicLong ids = new AtomicLong();
        final AtomicLong units = new AtomicLong();
        final AtomicLong injected = new AtomicLong();
        final AtomicLong killed = new AtomicLong();
        final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        private final Set<Long> audited = ConcurrentHashMap.newKeySet();

        Workload(TestDatabase target, String url, String accounts, String ledger, String audit) {
            this.target = target;
            this.url = url;
            this.accounts = accounts;
            this.ledger = ledger;
            this.audit = audit;
        }

        void runOne() throws InterruptedException {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int from = random.nextInt(ACCOUNTS);
            int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            long amount = 1 + random.nextInt(50);
            int roll = random.nextInt(100);
            Trouble trouble = roll < 8 ? Trouble.BUSINESS_FAILURE : roll < 12 ? Trouble.SWALLOWED_INNER_FAILURE
                    : roll < 16 ? Trouble.FAILED_SAVEPOINT_SCOPE : roll < 18 ? Trouble.KILLED_CONNECTION : Trouble.NONE;
            if (trouble != Trouble.NONE) {
                injected.incrementAndGet();
            }
            AtomicLong committedId = new AtomicLong();
            try {
                transfer.run(session -> {
                    long id = ids.incrementAndGet(); // a fresh id per attempt: retried attempts must leave nothing
                    committedId.set(id);
                    Connection c = session.connection();
                    try (PreparedStatement s = c.prepareStatement("insert into " + ledger + " values (?, ?, ?, ?)")) {
                        s.setLong(1, id);
                        s.setInt(2, from);
                        s.setInt(3, to);
                        s.setLong(4, amount);
                        s.executeUpdate();
                    }
                    change(c, to, amount);
                    if (trouble == Trouble.SWALLOWED_INNER_FAILURE) {
                        try {
                            debit.run(inner -> {
                                throw new IllegalStateException("injected failure in a joined boundary, before it debits");
                            });
                        } catch (IllegalStateException swallowed) {
                            // the credit is written and the debit is not: only rollback-only keeps the books right
                        }
                    } else {
                        debit.run(inner -> change(inner.connection(), from, -amount));
                    }
                    if (trouble == Trouble.FAILED_SAVEPOINT_SCOPE) {
                        try {
                            savepoint.run(nested -> {
                                change(nested.connection(), to, 1_000_000);
                                throw new IllegalStateException("injected failure under a savepoint");
                            });
                        } catch (IllegalStateException expected) {
                            // rolled back to the savepoint: the bonus is gone, the transfer goes on
                        }
                    }
                    if (random.nextInt(10) == 0) {
                        long auditId = ids.incrementAndGet();
                        auditLog.run(own -> {
                            try (Statement s = own.connection().createStatement()) {
                                s.executeUpdate("insert into " + audit + " values (" + auditId + ", 'transfer')");
                            }
                        });
                        audited.add(auditId);
                    }
                    if (trouble == Trouble.KILLED_CONNECTION) {
                        kill(c);
                    }
                    if (trouble == Trouble.BUSINESS_FAILURE) {
                        throw new IllegalStateException("injected business failure after the writes");
                    }
                });
                acknowledged.add(committedId.get());
            } catch (RollbackOnlyException | IllegalStateException | SQLException expected) {
                // not acknowledged: none of it may be in the database
            } catch (RuntimeException e) {
                if (!(e instanceof UnitOfWorkException)) {
                    throw e;
                }
            } finally {
                units.incrementAndGet();
            }
        }

        private void change(Connection c, int account, long amount) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("update " + accounts + " set balance = balance + ? where id = ?")) {
                s.setLong(1, amount);
                s.setInt(2, account);
                s.executeUpdate();
            }
        }

        /** The server ends the unit's connection, as a failover or an administrator would. */
        private void kill(Connection unitConnection) throws SQLException {
            String idQuery = target == TestDatabase.POSTGRES ? "select pg_backend_pid()" : "select connection_id()";
            long backend;
            try (Statement s = unitConnection.createStatement(); ResultSet rs = s.executeQuery(idQuery)) {
                rs.next();
                backend = rs.getLong(1);
            }
            try (Connection admin = target.connect(url); Statement s = admin.createStatement()) {
                s.execute(target == TestDatabase.POSTGRES ? "select pg_terminate_backend(" + backend + ")"
                        : "kill " + backend);
            }
            killed.incrementAndGet();
            try (Statement s = unitConnection.createStatement()) {
                s.executeQuery("select 1").close(); // the unit notices here, or at the latest at commit
            }
        }

        void assertBooksBalance() throws SQLException {
            Map<Integer, Long> expected = new TreeMap<>();
            for (int id = 0; id < ACCOUNTS; id++) {
                expected.put(id, OPENING_BALANCE);
            }
            Set<Long> inLedger = ConcurrentHashMap.newKeySet();
            try (Connection c = target.connect(url); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("select id, from_account, to_account, amount from " + ledger)) {
                    while (rs.next()) {
                        inLedger.add(rs.getLong(1));
                        expected.merge(rs.getInt(2), -rs.getLong(4), Long::sum);
                        expected.merge(rs.getInt(3), rs.getLong(4), Long::sum);
                    }
                }
                assertEquals(acknowledged, inLedger, "the ledger must hold exactly the acknowledged transfers");
                Map<Integer, Long> actual = new TreeMap<>();
                long total = 0;
                try (ResultSet rs = s.executeQuery("select id, balance from " + accounts)) {
                    while (rs.next()) {
                        actual.put(rs.getInt(1), rs.getLong(2));
                        total += rs.getLong(2);
                    }
                }
                assertEquals(ACCOUNTS * OPENING_BALANCE, total, "money must be conserved");
                assertEquals(expected, actual, "every balance must agree with the ledger");
                Set<Long> auditRows = ConcurrentHashMap.newKeySet();
                try (ResultSet rs = s.executeQuery("select id from " + audit)) {
                    while (rs.next()) {
                        auditRows.add(rs.getLong(1));
                    }
                }
                assertTrue(auditRows.containsAll(audited), "acknowledged audit rows (REQUIRES_NEW) must be kept");
                assertEquals(audited, auditRows, "no audit row may exist that was not acknowledged");
            }
        }
    }
}
