package org.unitofwork.examples.bank;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.unitofwork.Database;

/**
 * The offline use: a batch of transfers made by many threads through the generated
 * {@code ManagedBank}, some refused for insufficient funds and some struck by a fault half-way. It
 * shows progress while it runs, then checks its invariants — money conserved, the ledger holds
 * exactly the transfers that committed, no connection left borrowed — and exits with status 1 when
 * one fails.
 *
 * <p>Arguments: {@code [jdbcUrl [user [password]]]}; embedded H2 when none are given.
 */
public final class BankDemo {
    static final int ACCOUNTS = 20;
    static final long OPENING_BALANCE = 1_000;
    private static final int THREADS = 8;
    private static final int TRANSFERS = 4_000;
    /** One transfer in this many is struck by a fault between its debit and its credit. */
    private static final int FAULT_EVERY = 20;

    private BankDemo() {
    }

    /**
     * Runs the batch and reports.
     *
     * @param args {@code [jdbcUrl [user [password]]]}
     * @throws Exception when the database cannot be reached
     */
    public static void main(String[] args) throws Exception {
        Database.Builder builder = Database.builder(args.length > 0 ? args[0] : "jdbc:h2:mem:bank;DB_CLOSE_DELAY=-1")
                .poolSize(THREADS);
        if (args.length > 1) {
            builder.user(args[1]);
        }
        if (args.length > 2) {
            builder.password(args[2]);
        }
        Result result;
        try (Database db = builder.build()) {
            result = run(db, THREADS, TRANSFERS, System.out);
        }
        if (!result.invariantsHeld()) {
            System.exit(1);
        }
    }

    /** What a run did, and whether its invariants held. */
    record Result(int committed, int refused, int faulted, long total, boolean ledgerExact, int borrowed) {
        boolean moneyConserved() {
            return total == ACCOUNTS * OPENING_BALANCE;
        }

        boolean invariantsHeld() {
            return moneyConserved() && ledgerExact && borrowed == 0;
        }
    }

    static Result run(Database db, int threads, int transfers, PrintStream out) throws Exception {
        ManagedBank bank = new ManagedBank(new Bank());
        bank.createSchema();
        bank.openAccounts(ACCOUNTS, OPENING_BALANCE);
        out.printf("%d threads make %d transfers between %d accounts on %s%n", threads, transfers, ACCOUNTS, db);

        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger faulted = new AtomicInteger();
        Set<Long> committed = ConcurrentHashMap.newKeySet();
        // A progress line counts finished transfers, not handed-out ones, and is printed under the lock
        // every tally is taken under: a transfer another thread is still making never shows in it, so
        // the last line is the summary.
        Object tally = new Object();
        int[] finished = {0};
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = next.getAndIncrement(); i < transfers; i = next.getAndIncrement()) {
                        long id = i + 1;
                        int from = random.nextInt(ACCOUNTS);
                        int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                        long amount = 1 + random.nextInt(300);
                        RuntimeException fault = random.nextInt(FAULT_EVERY) == 0 ? new InjectedFault(id) : null;
                        Runnable outcome;
                        try {
                            bank.transfer(id, from, to, amount, fault);
                            outcome = () -> committed.add(id);
                        } catch (InsufficientFundsException e) {
                            outcome = refused::incrementAndGet;
                        } catch (InjectedFault e) {
                            outcome = faulted::incrementAndGet;
                        }
                        synchronized (tally) {
                            outcome.run();
                            finished[0]++;
                            if (finished[0] % (transfers / 10) == 0) {
                                out.printf("  %3d%%  %d committed, %d refused, %d struck by a fault%n",
                                        finished[0] * 100 / transfers, committed.size(), refused.get(), faulted.get());
                            }
                        }
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

        Result result = new Result(committed.size(), refused.get(), faulted.get(), bank.totalBalance(),
                bank.ledger().equals(committed), db.activeConnections());
        out.printf("%d transfers committed, %d refused and rolled back, %d struck by a fault and rolled back%n",
                result.committed(), result.refused(), result.faulted());
        out.printf("money conserved:                  %s (%d)%n", yes(result.moneyConserved()), result.total());
        out.printf("ledger = committed transfers:     %s%n", yes(result.ledgerExact()));
        out.printf("connections still borrowed:       %d%n", result.borrowed());
        out.println(result.invariantsHeld() ? "invariants held" : "INVARIANTS BROKEN");
        return result;
    }

    private static String yes(boolean held) {
        return held ? "yes" : "NO";
    }
}
