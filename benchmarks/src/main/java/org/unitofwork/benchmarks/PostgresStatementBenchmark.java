package org.unitofwork.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * B6: a one-statement unit on the local PostgreSQL server: borrow, one primary-key select through a
 * prepared statement, commit, release. Here the round trips to the server dominate, so the boundary
 * should vanish into the noise.
 *
 * <ul>
 *   <li>{@code oursDatabaseCall}: {@code Database.call} with the select as its work;
 *   <li>{@code oursResolvingCommit}: the same unit through a boundary with {@code
 *       resolveUnknownCommit}, which reads the transaction id in one more round trip before it
 *       commits: the price of being able to resolve an unknown commit outcome;
 *   <li>{@code floor}: hand-written JDBC on the same pool: {@code getConnection}, the select,
 *       {@code commit}, {@code close};
 *   <li>{@code peer}: Spring's {@code TransactionTemplate} running the select on the connection it
 *       bound.
 * </ul>
 *
 * <p>Target: within 2 % of the floor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PostgresStatementBenchmark {

    @Benchmark
    public String oursDatabaseCall(PostgresPoolState postgres) throws SQLException {
        return postgres.database.call(postgres.readRowInUnit);
    }

    @Benchmark
    public String oursResolvingCommit(PostgresPoolState postgres) throws SQLException {
        return postgres.resolving.call(postgres.readRowInUnit);
    }

    @Benchmark
    public String floor(PostgresPoolState postgres) throws SQLException {
        try (Connection connection = postgres.pool.getConnection()) {
            String note = postgres.readRow(connection);
            connection.commit();
            return note;
        }
    }

    @Benchmark
    public String peer(PostgresPoolState postgres) {
        return postgres.transactions.execute(postgres.readRowInTransaction);
    }
}
