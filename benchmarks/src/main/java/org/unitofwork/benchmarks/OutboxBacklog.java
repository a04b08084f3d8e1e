package org.unitofwork.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@value #MESSAGES} committed messages waiting in {@link RabbitOutboxState}'s outbox with no relay
 * running, published before each invocation (twenty units of one hundred), outside the measured time;
 * the relay the invocation starts is stopped after it, outside the measured time too.
 */
@State(Scope.Benchmark)
public class OutboxBacklog {
    static final int MESSAGES = 2_000;
    private static final int PER_UNIT = 100;

    RabbitOutboxState rabbit;

    /** Publishes the backlog. */
    @Setup(Level.Invocation)
    public void fill(PostgresPoolState postgres, RabbitOutboxState rabbit) {
        this.rabbit = rabbit;
        for (int unit = 0; unit < MESSAGES / PER_UNIT; unit++) {
            rabbit.publish(postgres, PER_UNIT);
        }
    }

    /** Stops the relay the invocation started. */
    @TearDown(Level.Invocation)
    public void stopRelay() {
        rabbit.stopRelay();
    }
}
