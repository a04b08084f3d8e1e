package org.unitofwork.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark method a few times through JMH, without timing anything, so that a benchmark
 * that breaks (a failing set-up, a unit that throws, a missing state) fails the build. Benchmarks on
 * PostgreSQL skip when the server is absent, unless {@value #REQUIRE_SWITCH} is {@code true}.
 *
 * <p>It takes most of a minute, as long as a module's whole suite, for code no user runs: it runs when
 * {@value #SMOKE_SWITCH} is {@code true}, as {@code .ci/run} sets it, and skips, saying so, in a plain
 * {@code mvn verify}.
 */
class BenchmarkSmokeTest {

    private static final String REQUIRE_SWITCH = "UNITOFWORK_REQUIRE_DATABASES";
    private static final String SMOKE_SWITCH = "UNITOFWORK_BENCHMARK_SMOKE";
    private static final int INVOCATIONS = 3;

    // before each test, not once for the class: Surefire reports a class skipped in @BeforeAll as no tests at all
    @BeforeEach
    void onlyWhenAsked() {
        Assumptions.assumeTrue(Boolean.parseBoolean(System.getenv(SMOKE_SWITCH)), "the benchmark smoke test runs"
                + " only with " + SMOKE_SWITCH + "=true (.ci/run sets it): set it to check that every benchmark runs");
    }

    @Test
    void emptyUnit() throws RunnerException {
        runEachMethod(EmptyUnitBenchmark.class, 4);
    }

    @Test
    void joinedUnit() throws RunnerException {
        runEachMethod(JoinedUnitBenchmark.class, 4); // one method, four depths
    }

    @Test
    void lazyUnit() throws RunnerException {
        runEachMethod(LazyUnitBenchmark.class, 4);
    }

    @Test
    void tracedUnit() throws RunnerException {
        runEachMethod(TracedUnitBenchmark.class, 4); // one method, four tracings
    }

    @Test
    void holdBudget() throws RunnerException {
        runEachMethod(HoldBudgetBenchmark.class, 2); // one method, with and without a budget
    }

    @Test
    void entryPoints() throws RunnerException {
        runEachMethod(EntryPointBenchmark.class, 4);
    }

    /** In a fork with the real agent jar; the benchmark's set-up fails when the method was not woven. */
    @Test
    void wovenEntryPoint() throws RunnerException, IOException {
        ChainedOptionsBuilder options = minimal(WovenEntryPointBenchmark.class).forks(1)
                .jvmArgsAppend(WovenEntryPointBenchmark.agentArgument());
        assertEquals(1, new Runner(options.build()).run().size());
    }

    @Test
    void processorCompile() throws RunnerException {
        runEachMethod(ProcessorCompileBenchmark.class, 2);
    }

    @Test
    void rollback() throws RunnerException {
        runEachMethod(RollbackBenchmark.class, 3);
    }

    @Test
    void postgresStatement() throws RunnerException {
        assumePostgresAvailable();
        runEachMethod(PostgresStatementBenchmark.class, 4);
    }

    @Test
    void outboxPublish() throws RunnerException {
        assumePostgresAvailable();
        runEachMethod(OutboxPublishBenchmark.class, 2);
    }

    @Test
    void outboxDelivery() throws RunnerException {
        assumePostgresAvailable();
        assumeRabbitAvailable();
        runEachMethod(OutboxDeliveryBenchmark.class, 2);
    }

    @Test
    void virtualThreads() throws RunnerException {
        assumePostgresAvailable();
        ChainedOptionsBuilder options = minimal(VirtualThreadsBenchmark.class);
        if (!VirtualThreadsState.available()) {
            Optional<String> jdk25 = BenchmarkSuite.jdk25Java();
            Assumptions.assumeTrue(jdk25.isPresent(), "virtual threads need JDK 21+, and no JDK 25 is installed");
            options.forks(1).jvm(jdk25.get());
        }
        assertEquals(3, new Runner(options.build()).run().size());
    }

    private static void runEachMethod(Class<?> benchmark, int expectedRuns) throws RunnerException {
        Collection<RunResult> results = new Runner(minimal(benchmark).build()).run();
        assertEquals(expectedRuns, results.size(), "benchmark runs of " + benchmark.getSimpleName());
    }

    /** In this JVM, one measured batch of a few invocations per method, failing on any error. */
    private static ChainedOptionsBuilder minimal(Class<?> benchmark) {
        return new OptionsBuilder()
                .include(Pattern.quote(benchmark.getName()) + "\\.")
                .forks(0)
                .mode(Mode.SingleShotTime)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementBatchSize(INVOCATIONS)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
    }

    private static void assumeRabbitAvailable() {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", 5672), 2000);
        } catch (IOException e) {
            String message = "RabbitMQ is not reachable at 127.0.0.1:5672 (" + e.getMessage() + ")";
            if (Boolean.parseBoolean(System.getenv(REQUIRE_SWITCH))) {
                fail(message + "; " + REQUIRE_SWITCH + "=true makes this a failure. Start it with rabbitmq-server"
                        + " -detached.");
            }
            Assumptions.abort(message + ": skipping. Set " + REQUIRE_SWITCH + "=true to make this a failure.");
        }
    }

    private static void assumePostgresAvailable() {
        try (Connection c = DriverManager.getConnection(PostgresPoolState.URL, PostgresPoolState.USER, "")) {
            c.isValid(2);
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + PostgresPoolState.URL + " (" + e.getMessage() + ")";
            if (Boolean.parseBoolean(System.getenv(REQUIRE_SWITCH))) {
                fail(message + "; " + REQUIRE_SWITCH + "=true makes this a failure. Start the server.");
            }
            Assumptions.abort(message + ": skipping. Set " + REQUIRE_SWITCH + "=true to make this a failure.");
        }
    }
}
