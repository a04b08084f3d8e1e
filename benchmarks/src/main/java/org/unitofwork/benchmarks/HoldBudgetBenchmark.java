package org.unitofwork.benchmarks;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.unitofwork.Database;
import org.unitofwork.SessionAction;

/**
 * B1 held: a unit on H2 in memory that borrows its connection and runs one statement, with and
 * without a connection hold budget that it never goes over, to show what the budget costs.
 *
 * <ul>
 *   <li>{@code budget=none}: no budget, the default: what every unit pays for the feature is a field
 *       read at the borrow and a branch per statement;
 *   <li>{@code budget=60s}: a budget: a stack captured per borrow, two clock reads per statement, one
 *       at the end.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HoldBudgetBenchmark {
    private static final SessionAction<SQLException> ONE_STATEMENT = session -> {
        try (Statement s = session.connection().createStatement()) {
            s.execute("select 1");
        }
    };

    /** A database whose units have the budget {@link #budget} names. */
    @State(Scope.Benchmark)
    public static class BudgetState {
        /** The database's connection hold budget. */
        @Param({"none", "60s"})
        public String budget;
        Database database;

        /** Opens the database. */
        @Setup(Level.Trial)
        public void open() {
            database = Database.builder("jdbc:h2:mem:held_" + UUID.randomUUID()).name("held")
                    .connectionHoldBudget(budget.equals("none") ? Duration.ZERO : Duration.ofSeconds(60)).build();
        }

        /** Closes it. */
        @TearDown(Level.Trial)
        public void close() {
            database.close();
        }
    }

    @Benchmark
    public void oursDatabaseRun(BudgetState state) throws SQLException {
        state.database.run(ONE_STATEMENT);
    }
}
