package org.unitofwork.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** {@link RabbitOutboxState}'s relay running for the whole trial, woken by each publishing unit's commit. */
@State(Scope.Benchmark)
public class RunningRelay {
    RabbitOutboxState rabbit;

    /** Starts the relay; {@link RabbitOutboxState#close()} stops it. */
    @Setup(Level.Trial)
    public void start(RabbitOutboxState rabbit) {
        this.rabbit = rabbit;
        rabbit.startRelay();
    }
}
