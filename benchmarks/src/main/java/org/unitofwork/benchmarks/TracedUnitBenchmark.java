package org.unitofwork.benchmarks;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
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
import org.unitofwork.SessionAction;
import org.unitofwork.opentelemetry.UnitOfWorkTracing;

/**
 * B3 traced: B3's unit (its code never touches the database) with {@code unitofwork-opentelemetry}'s
 * tracing registered on its database, to show what tracing costs while OpenTelemetry is off.
 *
 * <ul>
 *   <li>{@code tracing=none}: no tracing, B3's {@code oursDatabaseRun} itself;
 *   <li>{@code tracing=noop}: registered on {@code OpenTelemetry.noop()}, the API without an SDK (the
 *       target: the same as {@code none});
 *   <li>{@code tracing=sdkSampledOut}: on an SDK whose sampler drops every span, the SDK switched off
 *       by configuration: the span is made and made current, but records nothing;
 *   <li>{@code tracing=sdk}: on an SDK that records every span and exports none, for scale.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TracedUnitBenchmark {
    private static final SessionAction<RuntimeException> NO_WORK = session -> { };

    /** B3's database with the tracing {@link #tracing} names registered. */
    @State(Scope.Benchmark)
    public static class TracedState extends H2PoolState {
        /** Which tracing is registered. */
        @Param({"none", "noop", "sdkSampledOut", "sdk"})
        public String tracing;
        private OpenTelemetrySdk sdk;
        private UnitOfWorkTracing registered;

        /** Registers the tracing on the database that {@link H2PoolState#openH2()}, run first by JMH, opened. */
        @Setup(Level.Trial)
        public void trace() {
            if (tracing.equals("none")) {
                return;
            }
            OpenTelemetry openTelemetry = OpenTelemetry.noop();
            if (!tracing.equals("noop")) {
                sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                        .setSampler(tracing.equals("sdk") ? Sampler.alwaysOn() : Sampler.alwaysOff()).build()).build();
                openTelemetry = sdk;
            }
            registered = UnitOfWorkTracing.register(database, openTelemetry);
        }

        /** Stops tracing before the pool closes. */
        @TearDown(Level.Trial)
        public void untrace() {
            if (registered != null) {
                registered.close();
            }
            if (sdk != null) {
                sdk.close();
            }
        }
    }

    @Benchmark
    public void oursDatabaseRun(TracedState state) {
        state.database.run(NO_WORK);
    }
}
