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
import org.unitofwork.Boundary;
import org.unitofwork.Scope;
import org.unitofwork.Session;

/**
 * B1: an empty unit of work on H2 in memory: borrow the connection, commit, give it back.
 *
 * <ul>
 *   <li>{@code oursDatabaseRun}: {@code Database.run} with work that only asks for the connection;
 *   <li>{@code oursScopeProtocol}: the same through the boundary protocol, written out as a generated
 *       wrapper of a method taking a {@code Connection} is;
 *   <li>{@code floor}: hand-written JDBC on the same pool: {@code getConnection}, {@code commit},
 *       {@code close};
 *   <li>{@code peer}: Spring's {@code TransactionTemplate} with an empty callback (Spring borrows the
 *       connection when the transaction begins, so the callback need not ask for it).
 * </ul>
 *
 * <p>Target: ours at most 1.10 × the floor's time and the floor's bytes + 64 B/op; at least twice as
 * fast as the peer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EmptyUnitBenchmark {

    private static final Boundary WRAPPED_METHOD = Boundary.builder("EmptyUnitBenchmark.work(Connection)")
            .database(PoolState.DATABASE_NAME).build();
    private static final Consumer<TransactionStatus> NO_WORK = status -> { };

    @Benchmark
    public void oursDatabaseRun(H2PoolState h2) {
        h2.database.run(Session::connection);
    }

    /** The state is unused here but opens the database the boundary names. */
    @Benchmark
    public void oursScopeProtocol(H2PoolState h2) {
        Scope scope = WRAPPED_METHOD.begin();
        for (;;) {
            try {
                work(scope.connection());
                scope.complete();
                return;
            } catch (Throwable failure) {
                scope = scope.failed(failure);
            }
        }
    }

    @Benchmark
    public void floor(H2PoolState h2) throws SQLException {
        try (Connection connection = h2.pool.getConnection()) {
            work(connection);
            connection.commit();
        }
    }

    @Benchmark
    public void peer(H2PoolState h2) {
        h2.transactions.executeWithoutResult(NO_WORK);
    }

    /** The wrapped method: does nothing with the connection it is given. */
    private static void work(Connection connection) {
    }
}
