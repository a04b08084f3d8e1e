package org.unitofwork.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.springframework.transaction.TransactionStatus;
import org.unitofwork.Boundary;
import org.unitofwork.Scope;
import org.unitofwork.SessionAction;

/**
 * B3: a unit of work whose code never touches the database (a cache hit, a validation that fails
 * early). The connection is borrowed lazily, so ours should cost a registry entry and nothing more.
 *
 * <ul>
 *   <li>{@code oursDatabaseRun} and {@code oursScopeProtocol}: the unit through the lambda API and
 *       through the boundary protocol written out as a generated wrapper;
 *   <li>{@code floor}: hand-written code that needs no connection opens none: the work called
 *       directly;
 *   <li>{@code peer}: Spring's {@code TransactionTemplate}, which borrows a connection and commits
 *       whether or not the callback uses it.
 * </ul>
 *
 * <p>Target: at most 30 ns and 32 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LazyUnitBenchmark {

    private static final Boundary WRAPPED_METHOD = Boundary.builder("LazyUnitBenchmark.work()")
            .database(PoolState.DATABASE_NAME).build();
    private static final SessionAction<RuntimeException> NO_WORK = session -> { };
    private static final Consumer<TransactionStatus> NO_TRANSACTIONAL_WORK = status -> { };

    @Benchmark
    public void oursDatabaseRun(H2PoolState h2) {
        h2.database.run(NO_WORK);
    }

    /** The state is unused here but opens the database the boundary names. */
    @Benchmark
    public void oursScopeProtocol(H2PoolState h2) {
        Scope scope = WRAPPED_METHOD.begin();
        for (;;) {
            try {
                work();
                scope.complete();
                return;
            } catch (Throwable failure) {
                scope = scope.failed(failure);
            }
        }
    }

    @Benchmark
    public void floor() {
        work();
    }

    @Benchmark
    public void peer(H2PoolState h2) {
        h2.transactions.executeWithoutResult(NO_TRANSACTIONAL_WORK);
    }

    /** The wrapped method: work that needs no database. */
    private static void work() {
    }
}
