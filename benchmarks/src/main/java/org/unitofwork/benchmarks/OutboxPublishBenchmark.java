package org.unitofwork.benchmarks;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * B10: what publishing a message to the outbox ({@code unitofwork-outbox}) adds to a unit, on the local
 * PostgreSQL server: B6's one-statement unit, with and without one {@code outbox.publish} (an insert on
 * the unit's connection, in its transaction, which in the same statement notifies the relays' channel, a
 * notification PostgreSQL sends at commit). No relay runs, so the measurement is the publishing side alone
 * and the table grows for the whole trial.
 *
 * <ul>
 *   <li>{@code oursPublish}: {@code Database.call} with the select and one publish;
 *   <li>{@code floor}: {@code Database.call} with the select alone, as in B6.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OutboxPublishBenchmark {

    @Benchmark
    public String oursPublish(PostgresPoolState postgres, OutboxState outbox) throws SQLException {
        return postgres.database.call(outbox.readRowAndPublish);
    }

    @Benchmark
    public String floor(PostgresPoolState postgres) throws SQLException {
        return postgres.database.call(postgres.readRowInUnit);
    }
}
