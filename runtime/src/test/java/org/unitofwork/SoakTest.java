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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unitofwork.faults.FaultProxy;
import org.unitofwork.faults.PrivateCluster;
import org.unitofwork.scenarios.TestDatabase;

/**
 * A ledger workload under failures and injected faults for a set time: transfers between accounts
 * in random lock order (so real deadlocks happen and are retried), business failures after the
 * writes, joined failures swallowed by the outer work, failed savepoint scopes, audit rows committed
 * on their own, and connections killed by the server in the middle of a unit.
 *
 * <p>Afterwards the books must balance: money is conserved, the ledger holds every transfer that
 * was acknowledged to its caller and none that was reported rolled back (only one reported with an
 * unknown outcome may go either way), every account's balance agrees with it, no connection is
 * borrowed, and every worker's registry is empty. Runs {@value #DEFAULT_SECONDS} s per database;
 * {@code -Dunitofwork.soak.seconds=N} runs longer.
 *
 * <p>A third run adds what only a server of its own allows: on a {@linkplain PrivateCluster private
 * PostgreSQL cluster}, behind a {@linkplain FaultProxy fault proxy}, the server restarts several
 * times and commits are cut just before or just after the server gets them, while the transfers
 * resolve unknown commit outcomes ({@code resolveUnknownCommit}). After the chaos the pool must heal.
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
        String url = target.newUrl();
        soak(target, url, url, false, null, () -> { });
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void ledgerSurvivesServerRestartsAndCutCommits() throws Exception {
        try (PrivateCluster cluster = PrivateCluster.start(); FaultProxy proxy = FaultProxy.inFrontOf(cluster.url())) {
            AtomicLong chaos = new AtomicLong();
            soak(TestDatabase.POSTGRES, proxy.url(), cluster.url(), true, () -> {
                // one fault every few hundred milliseconds: a fast restart, or a commit cut on either side
                ThreadLocalRandom random = ThreadLocalRandom.current();
                Thread.sleep(300 + random.nextInt(500));
                long n = chaos.incrementAndGet();
                if (n % 5 == 0) {
                    cluster.restart(random.nextBoolean() ? PrivateCluster.StopMode.FAST
                            : PrivateCluster.StopMode.IMMEDIATE);
                } else if (n % 2 == 0) {
                    proxy.cutAfterNextCommit();
                } else {
                    proxy.cutBeforeNextCommit();
                }
            }, proxy::disarm);
            assertTrue(chaos.get() >= 5, "the chaos never restarted the server: " + chaos.get() + " faults");
        }
    }

    /** Something that troubles the server while the workers run; called again until they stop. Null: nothing. */
    private interface Chaos {
        void next() throws Exception;
    }

    private void soak(TestDatabase target, String url, String observerUrl, boolean resolve, Chaos chaos,
            Runnable calm) throws Exception {
        int seconds = Integer.getInteger("unitofwork.soak.seconds", DEFAULT_SECONDS);
        String accounts = TestDatabase.uniqueName("uow_acct");
        String ledger = TestDatabase.uniqueName("uow_ledger");
        String audit = TestDatabase.uniqueName("uow_audit");
        try (Connection c = target.connect(observerUrl); Statement s = c.createStatement()) {
            s.execute("create table " + accounts + " (id int primary key, balance bigint not null)");
            s.execute("create table " + ledger + " (id bigint primary key, from_account int not null,"
                    + " to_account int not null, amount bigint not null)");
            s.execute("create table " + audit + " (id bigint primary key, what varchar(40) not null)");
            for (int id = 0; id < ACCOUNTS; id++) {
                s.execute("insert into " + accounts + " values (" + id + ", " + OPENING_BALANCE + ")");
            }
        }
        try (Database db = target.build("soak", url, WORKERS + 2)) {
            Workload workload = new Workload(target, observerUrl, accounts, ledger, audit, resolve);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
            Future<?> troubles = pool.submit(() -> {
                while (chaos != null && System.nanoTime() - deadline < 0) {
                    chaos.next();
                }
                return null;
            });
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
                troubles.get();
                for (Future<?> worker : workers) {
                    worker.get();
                }
            } finally {
                pool.shutdownNow();
                calm.run(); // a fault armed at the end must not hit the checks below
            }
            assertEquals(0, db.activeConnections(), "connections leaked");
            workload.assertThePoolHeals();
            workload.assertBooksBalance();
            System.out.printf("soak on %s%s: %d s, %d units (%.0f units/s), %d acknowledged transfers, %d failures"
                            + " injected, %d connections killed, %d outcomes unknown, leaks: 0, lost: 0%n", target,
                    resolve ? " with restarts and cut commits" : "", seconds, workload.units.get(),
                    workload.units.get() / (double) seconds, workload.acknowledged.size(), workload.injected.get(),
                    workload.killed.get(), workload.unknown.size());
        } finally {
            if (!resolve) { // a private cluster goes away with its tables
                target.dropTable(observerUrl, accounts);
                target.dropTable(observerUrl, ledger);
                target.dropTable(observerUrl, audit);
            }
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
        private final Boundary transfer;
        private final Boundary debit = Boundary.builder("Soak.debit").database("soak")
                .propagation(Propagation.MANDATORY).build();
        private final Boundary savepoint = Boundary.builder("Soak.bonus").database("soak")
                .propagation(Propagation.NESTED).build();
        private final Boundary auditLog;
        private final AtomicLong ids = new AtomicLong();
        final AtomicLong units = new AtomicLong();
        final AtomicLong injected = new AtomicLong();
        final AtomicLong killed = new AtomicLong();
        final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        /** Transfers reported with an unknown outcome: they may be in the ledger, or not. */
        final Set<Long> unknown = ConcurrentHashMap.newKeySet();
        private final Set<Long> audited = ConcurrentHashMap.newKeySet();
        private final Set<Long> auditUnknown = ConcurrentHashMap.newKeySet();

        Workload(TestDatabase target, String url, String accounts, String ledger, String audit, boolean resolve) {
            this.transfer = Boundary.builder("Soak.transfer").database("soak").retries(8)
                    .resolveUnknownCommit(resolve).build();
            this.auditLog = Boundary.builder("Soak.audit").database("soak").propagation(Propagation.REQUIRES_NEW)
                    .resolveUnknownCommit(resolve).build();
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
                        try {
                            auditLog.run(own -> {
                                try (Statement s = own.connection().createStatement()) {
                                    s.executeUpdate("insert into " + audit + " values (" + auditId + ", 'transfer')");
                                }
                            });
                        } catch (CommitOutcomeUnknownException maybe) {
                            auditUnknown.add(auditId);
                            throw new IllegalStateException("the audit row's commit has an unknown outcome", maybe);
                        }
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
            } catch (CommitOutcomeUnknownException maybe) {
                unknown.add(committedId.get());
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

        /** After the chaos, every transfer works again: dead connections have left the pool. */
        void assertThePoolHeals() throws SQLException {
            for (int i = 0; i < WORKERS + 2; i++) {
                transfer.run(session -> change(session.connection(), 0, 0));
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
                assertTrue(inLedger.containsAll(acknowledged), "an acknowledged transfer is missing from the ledger");
                Set<Long> reportedRolledBack = new java.util.HashSet<>(inLedger);
                reportedRolledBack.removeAll(acknowledged);
                reportedRolledBack.removeAll(unknown);
                assertEquals(Set.of(), reportedRolledBack, "transfers reported rolled back are in the ledger");
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
                auditRows.removeAll(auditUnknown);
                assertEquals(audited, auditRows, "no audit row may exist that was reported rolled back");
            }
        }
    }
}
