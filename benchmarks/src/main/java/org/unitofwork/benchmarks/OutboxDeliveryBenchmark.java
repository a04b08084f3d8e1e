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
 *   <li>{@code oursThroughput}: ten units of one hundred messages each, until the consumer has them all:
 *       the score times 1,000 is messages delivered per second (the issue asks for 5,000).</li>
 * </ul>
 */
public class OutboxDeliveryBenchmark {

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void oursLatency(PostgresPoolState postgres, RabbitOutboxState rabbit) {
        rabbit.publish(postgres, 1);
        rabbit.awaitDelivered();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void oursThroughput(PostgresPoolState postgres, RabbitOutboxState rabbit) {
        for (int i = 0; i < 10; i++) {
            rabbit.publish(postgres, 100);
        }
        rabbit.awaitDelivered();
    }
}
