package org.unitofwork.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.Database;
import org.unitofwork.outbox.Outbox;
import org.unitofwork.outbox.OutboxMessage;
import org.unitofwork.outbox.OutboxRelay;

/** The outbox's meters on H2: the backlog and its age as the table has them, what the relay delivered and failed. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OutboxMetricsTest {

    @Test
    void backlogDeliveriesAndFailuresAreMeasured() throws Exception {
        try (Database db = Database.builder("jdbc:h2:mem:outbox_metrics;DB_CLOSE_DELAY=-1").name("outbox-metrics")
                .build()) {
            Outbox outbox = Outbox.of(db);
            outbox.createTables();
            db.run(session -> {
                for (int i = 0; i < 3; i++) {
                    outbox.publish("transfers", "k", "m" + i);
                }
            });
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            int[] calls = {0};
            try (OutboxRelay relay = outbox.relay((List<OutboxMessage> messages) -> {
                if (calls[0]++ == 0) {
                    throw new IllegalStateException("broker down");
                }
            }).retryBackoff(Duration.ofMillis(10), Duration.ofMillis(20))
                    .pollInterval(Duration.ofMillis(20)).start();
                    OutboxMetrics metrics = new OutboxMetrics(outbox, relay)) {
                metrics.bindTo(registry);
                double backlog = registry.get(OutboxMetrics.BACKLOG).tag("table", "uow_outbox")
                        .tag("database", "outbox-metrics").gauge().value();
                assertTrue(backlog == 3 || relay.delivered() > 0, "backlog " + backlog);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (registry.get(OutboxMetrics.DELIVERED).functionCounter().count() < 3) {
                    assertTrue(System.nanoTime() < deadline, "deliveries not counted");
                    Thread.sleep(10);
                }
                assertEquals(1, registry.get(OutboxMetrics.FAILURES).functionCounter().count());
                Thread.sleep(1100); // the gauges read the table at most once a second
                assertEquals(0, registry.get(OutboxMetrics.BACKLOG).gauge().value());
                assertEquals(0, registry.get(OutboxMetrics.BACKLOG_AGE).timeGauge().value(TimeUnit.MILLISECONDS));
            }
            assertNull(registry.find(OutboxMetrics.BACKLOG).gauge(), "closing left the gauge");
        }
    }
}
