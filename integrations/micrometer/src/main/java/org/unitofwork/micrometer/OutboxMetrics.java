package org.unitofwork.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitofwork.outbox.Backlog;
import org.unitofwork.outbox.Outbox;
import org.unitofwork.outbox.OutboxRelay;

/**
 * Micrometer metrics of an {@link Outbox} ({@code unitofwork-outbox}) and of the relays of this JVM that
 * deliver it, tagged {@code database} and {@code table}:
 *
 * <ul>
 * <li>{@value #BACKLOG} (gauge): committed messages not yet delivered, by every relay of every JVM;</li>
 * <li>{@value #BACKLOG_AGE} (time gauge): how long the oldest of them has waited;</li>
 * <li>{@value #DELIVERED} (counter): messages the given relays delivered;</li>
 * <li>{@value #FAILURES} (counter): batches the given relays failed to deliver, or could not read or mark,
 * and (PostgreSQL) their connections listening for commits lost, as {@link OutboxRelay#failures()}.</li>
 * </ul>
 *
 * <p>The gauges query the outbox's table, at most once a second however often the registry reads them;
 * when the query fails they read {@code NaN}.
 *
 * <pre>{@code
 * OutboxMetrics metrics = new OutboxMetrics(outbox, relay);
 * metrics.bindTo(registry);
 * ...
 * metrics.close();            // removes the meters
 * }</pre>
 */
public final class OutboxMetrics implements MeterBinder, AutoCloseable {
    /** Name of the gauge of undelivered messages. */
    public static final String BACKLOG = "unitofwork.outbox.backlog";
    /** Name of the time gauge of the oldest undelivered message's age. */
    public static final String BACKLOG_AGE = "unitofwork.outbox.backlog.age";
    /** Name of the counter of delivered messages. */
    public static final String DELIVERED = "unitofwork.outbox.delivered";
    /** Name of the counter of failed batches. */
    public static final String FAILURES = "unitofwork.outbox.failures";

    private static final Logger log = LoggerFactory.getLogger(OutboxMetrics.class);
    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Outbox outbox;
    private final List<OutboxRelay> relays;
    private final List<Bound> bound = new ArrayList<>();
    private Backlog backlog;
    private boolean read;
    private long readAt;
    private boolean failedBefore;

    /**
     * Metrics of {@code outbox} and of {@code relays}, recorded once bound to a registry.
     *
     * @param outbox the outbox whose backlog to measure
     * @param relays the relays of this JVM whose deliveries and failures to count; none for the backlog only
     */
    public OutboxMetrics(Outbox outbox, OutboxRelay... relays) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.relays = List.of(relays);
    }

    /**
     * Registers the meters in {@code registry}.
     *
     * @param registry the registry
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("database", outbox.database().name(), "table", outbox.table());
        List<Meter> meters = List.of(
                Gauge.builder(BACKLOG, this, m -> m.read(b -> b.messages()))
                        .description("Committed outbox messages not yet delivered").baseUnit("messages").tags(tags)
                        .register(registry),
                TimeGauge.builder(BACKLOG_AGE, this, TimeUnit.MILLISECONDS, m -> m.read(b -> b.oldestAge().toMillis()))
                        .description("How long the oldest undelivered outbox message has waited").tags(tags)
                        .register(registry),
                FunctionCounter.builder(DELIVERED, relays, rs -> rs.stream().mapToLong(OutboxRelay::delivered).sum())
                        .description("Outbox messages the relays delivered").baseUnit("messages").tags(tags)
                        .register(registry),
                FunctionCounter.builder(FAILURES, relays, rs -> rs.stream().mapToLong(OutboxRelay::failures).sum())
                        .description("Outbox batches the relays failed to deliver, read or mark, and listening connections lost").tags(tags)
                        .register(registry));
        bound.add(new Bound(registry, meters));
    }

    private synchronized double read(ToDoubleFunction<Backlog> value) {
        long now = System.nanoTime();
        if (!read || now - readAt > CACHE_NANOS) {
            read = true;
            readAt = now;
            try {
                backlog = outbox.backlog();
                failedBefore = false;
            } catch (RuntimeException e) {
                backlog = null;
                if (!failedBefore) {
                    // once per outage, not once per scrape
                    log.warn("Cannot read the backlog of {} for its metrics: {}", outbox, e.getMessage());
                    failedBefore = true;
                }
            }
        }
        return backlog == null ? Double.NaN : value.applyAsDouble(backlog);
    }

    /** Removes the meters from every registry they were bound to. */
    @Override
    public synchronized void close() {
        for (Bound b : bound) {
            b.meters.forEach(b.registry::remove);
        }
        bound.clear();
    }

    @Override
    public String toString() {
        return "OutboxMetrics[" + outbox + "]";
    }

    private record Bound(MeterRegistry registry, List<Meter> meters) {
    }
}
