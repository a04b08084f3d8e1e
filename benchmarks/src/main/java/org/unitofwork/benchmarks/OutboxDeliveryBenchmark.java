package org.unitofwork.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * B11: how fast the outbox's relay delivers to the local RabbitMQ, end to end: from the unit that
 * publishes on the local PostgreSQL server to the consumer that receives, through the relay woken by
 * the commit and RabbitMQ's publisher confirms (100-byte messages, a non-durable queue, the relay's
 * defaults).
 *
 * <ul>
 *   <li>{@code oursLatency}: one unit publishing one message, until the consumer has it: the sampled
 *       distribution's median is the delivery latency the issue asks to be at most 10 ms;</li>
 *   <li>{@code oursDrainBacklog}: a relay started on {@value OutboxBacklog#MESSAGES} committed messages,
 *       until the consumer has them all: {@value OutboxBacklog#MESSAGES} over
 *       the score is messages delivered per second (the issue asks for 5,000). The backlog is published
 *       before each invocation, outside the measured time, so that the score is the relay's alone; it
 *       includes the relay's start (its threads; its first round also purges old delivered messages).</li>
 * </ul>
 */
public class OutboxDeliveryBenchmark {

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void oursLatency(PostgresPoolState postgres, RunningRelay relay) {
        relay.rabbit.publish(postgres, 1);
        relay.rabbit.awaitDelivered();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void oursDrainBacklog(OutboxBacklog backlog) {
        backlog.rabbit.startRelay();
        backlog.rabbit.awaitDelivered();
    }
}
