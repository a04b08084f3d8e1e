package org.unitofwork.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.unitofwork.Boundary;
import org.unitofwork.Scope;
import org.unitofwork.Session;

/**
 * B4: the same unit through each entry point, to show that the way a boundary is drawn costs
 * nothing of its own. The unit's work takes the {@link Session} and does not touch the database, so
 * the pool and H2 do not blur the differences.
 *
 * <ul>
 *   <li>{@code oursDatabaseRun}: {@code Database.run(lambda)};
 *   <li>{@code oursBoundaryRun}: {@code Boundary.run(lambda)} on a boundary built once;
 *   <li>{@code oursScopeProtocol}: the boundary protocol inlined by hand, exactly as a generated
 *       wrapper or a woven method calls it;
 *   <li>{@code oursGeneratedWrapper}: {@code ManagedWrappedWork}, which the annotation processor
 *       generates from {@link WrappedWork} when this module compiles.
 * </ul>
 *
 * <p>The fifth entry point, the agent's woven method, is {@link WovenEntryPointBenchmark}: its forks
 * need the agent. Target: all five within 5 ns of each other.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EntryPointBenchmark {

    private static final ManagedWrappedWork GENERATED = new ManagedWrappedWork(new WrappedWork());

    private static final Boundary WRAPPED_METHOD = Boundary.builder("EntryPointBenchmark.work(Session)")
            .database(PoolState.DATABASE_NAME).build();

    @Benchmark
    public void oursDatabaseRun(H2PoolState h2) {
        h2.database.run(EntryPointBenchmark::work);
    }

    /** The state is unused here but opens the database the boundary names. */
    @Benchmark
    public void oursBoundaryRun(H2PoolState h2) {
        WRAPPED_METHOD.run(EntryPointBenchmark::work);
    }

    /** The state is unused here but opens the database the boundary names. */
    @Benchmark
    public void oursScopeProtocol(H2PoolState h2) {
        Scope scope = WRAPPED_METHOD.begin();
        for (;;) {
            try {
                work(scope.session());
                scope.complete();
                return;
            } catch (Throwable failure) {
                scope = scope.failed(failure);
            }
        }
    }

    /** The state is unused here but opens the database the boundary names. */
    @Benchmark
    public void oursGeneratedWrapper(H2PoolState h2) {
        GENERATED.work();
    }

    /** The wrapped method: takes the session and needs no database. */
    private static void work(Session session) {
    }
}
