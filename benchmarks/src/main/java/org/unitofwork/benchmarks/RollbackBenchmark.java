package org.unitofwork.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.springframework.transaction.TransactionStatus;
import org.unitofwork.Session;

/**
 * B5: the rollback path on H2 in memory. The work borrows the connection and throws; the unit rolls
 * back, releases the connection and re-throws. The exception is created once, without a stack trace,
 * so that the benchmark measures the boundary and not {@code fillInStackTrace}.
 *
 * <ul>
 *   <li>{@code oursDatabaseRun}: {@code Database.run};
 *   <li>{@code floor}: hand-written JDBC on the same pool: {@code getConnection}, the failing work,
 *       {@code rollback}, {@code close};
 *   <li>{@code peer}: Spring's {@code TransactionTemplate}, which rolls back on a runtime exception.
 * </ul>
 *
 * <p>Target: at most 1.15 × the floor's time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RollbackBenchmark {

    /** Created once. */
    private static final WorkFailed FAILURE = new WorkFailed();
    private static final Consumer<TransactionStatus> FAILING_TRANSACTIONAL_WORK = status -> fail();

    @Benchmark
    public RuntimeException oursDatabaseRun(H2PoolState h2) {
        try {
            h2.database.run(RollbackBenchmark::failingWork);
            throw new AssertionError("the unit did not re-throw");
        } catch (WorkFailed e) {
            return e;
        }
    }

    @Benchmark
    public RuntimeException floor(H2PoolState h2) throws SQLException {
        try (Connection connection = h2.pool.getConnection()) {
            try {
                fail();
                connection.commit();
                throw new AssertionError("the work did not fail");
            } catch (WorkFailed e) {
                connection.rollback();
                return e;
            }
        }
    }

    @Benchmark
    public RuntimeException peer(H2PoolState h2) {
        try {
            h2.transactions.executeWithoutResult(FAILING_TRANSACTIONAL_WORK);
            throw new AssertionError("the transaction did not re-throw");
        } catch (WorkFailed e) {
            return e;
        }
    }

    private static void failingWork(Session session) {
        session.connection();
        fail();
    }

    private static void fail() {
        throw FAILURE;
    }

    /** The work's failure: no stack trace, and suppression off so that no run can make it grow. */
    static final class WorkFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WorkFailed() {
            super("the benchmark's work failed", null, false, false);
        }
    }
}
