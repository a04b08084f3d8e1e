package org.unitofwork.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.State;
import org.unitofwork.Boundary;
import org.unitofwork.Scope;
import org.unitofwork.Session;

/**
 * B2: what each boundary that joins an active unit adds. An outer unit, through the boundary
 * protocol as generated wrappers call it, holds {@code joinedLevels} (0 to 3) nested boundaries that
 * join it, each handing its {@link Session} down as an injected parameter. The outer unit never asks
 * for the connection, so the pool and H2 add nothing to the difference.
 *
 * <p>The cost of one joined level is {@code (score(n) - score(0)) / n}, in time and in bytes.
 * Target: at most 10 ns and 0 B per joined level.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JoinedUnitBenchmark {

    private static final Boundary OUTER = Boundary.builder("JoinedUnitBenchmark.outer(Session)")
            .database(PoolState.DATABASE_NAME).build();
    private static final Boundary JOINING = Boundary.builder("JoinedUnitBenchmark.joining(Session)")
            .database(PoolState.DATABASE_NAME).build();

    @Param({"0", "1", "2", "3"})
    public int joinedLevels;

    /** The state is unused here but opens the database the boundaries name. */
    @Benchmark
    public boolean oursScopeProtocol(H2PoolState h2) {
        Scope scope = OUTER.begin();
        for (;;) {
            try {
                boolean transactional = joining(scope.session(), joinedLevels);
                scope.complete();
                return transactional;
            } catch (Throwable failure) {
                scope = scope.failed(failure);
            }
        }
    }

    /** A wrapped method that calls the next one down, {@code levels} deep; each level joins the unit. */
    private static boolean joining(Session caller, int levels) {
        if (levels == 0) {
            return caller.isTransactional();
        }
        Scope scope = JOINING.begin();
        for (;;) {
            try {
                boolean transactional = joining(scope.session(), levels - 1);
                scope.complete();
                return transactional;
            } catch (Throwable failure) {
                scope = scope.failed(failure);
            }
        }
    }
}
