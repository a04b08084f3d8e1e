package org.unitofwork.benchmarks;

import java.sql.Connection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * B7: 1,000 virtual threads share a pool of 10 connections to the local PostgreSQL server; each
 * runs one one-statement unit (the select of {@link PostgresStatementBenchmark}). Every thread blocks
 * on the network while holding its connection, so most of them wait for the pool. The score is
 * units per second; one invocation starts the 1,000 threads and waits for all of them.
 *
 * <ul>
 *   <li>{@code oursDatabaseCall}: each thread runs {@code Database.call};
 *   <li>{@code floor}: each thread runs hand-written JDBC on the same pool;
 *   <li>{@code peer}: each thread runs Spring's {@code TransactionTemplate}.
 * </ul>
 *
 * <p>A pool timeout fails the unit and with it the benchmark, so a finished run had none. Runs on JDK
 * 21 or later (the suite runs it on JDK 25). Target: ours at least 0.95 × the floor's throughput, no
 * pool timeout, and no {@code jdk.VirtualThreadPinned} event caused by the runtime
 * ({@link VirtualThreadsState} prints the count).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VirtualThreadsBenchmark {

    /** Virtual threads per invocation, one unit each. */
    public static final int THREADS = 1_000;

    @Benchmark
    @OperationsPerInvocation(THREADS)
    public void oursDatabaseCall(PostgresPoolState postgres, VirtualThreadsState threads)
            throws InterruptedException, ExecutionException {
        threads.runOnVirtualThreads(THREADS, () -> postgres.database.call(postgres.readRowInUnit));
    }

    @Benchmark
    @OperationsPerInvocation(THREADS)
    public void floor(PostgresPoolState postgres, VirtualThreadsState threads)
            throws InterruptedException, ExecutionException {
        threads.runOnVirtualThreads(THREADS, () -> {
            try (Connection connection = postgres.pool.getConnection()) {
                String note = postgres.readRow(connection);
                connection.commit();
                return note;
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(THREADS)
    public void peer(PostgresPoolState postgres, VirtualThreadsState threads)
            throws InterruptedException, ExecutionException {
        threads.runOnVirtualThreads(THREADS, () -> postgres.transactions.execute(postgres.readRowInTransaction));
    }
}
