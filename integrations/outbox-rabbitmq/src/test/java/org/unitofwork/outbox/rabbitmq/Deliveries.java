package org.unitofwork.outbox.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.unitofwork.Database;
import org.unitofwork.outbox.Inbox;
import org.unitofwork.outbox.Outbox;
import org.unitofwork.outbox.OutboxRelay;

/**
 * What the crash tests check once the {@link CrashingPublisher}s are dead: a relay drains what they left,
 * and then the queue holds every committed unit's message, none of another unit, each key's messages first
 * arriving in commit order, and duplicates only of the batches that failures caught in flight; and the
 * inbox lets each message take effect once.
 */
final class Deliveries {
    private Deliveries() {
    }

    /** Starts the application once more, as a relay of this JVM, and waits until it has delivered everything. */
    static void drain(Outbox outbox, RabbitTransport transport) throws InterruptedException {
        try (OutboxRelay relay = outbox.relay(transport).pollInterval(Duration.ofMillis(100)).start()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (outbox.backlog().messages() > 0) {
                assertTrue(System.nanoTime() < deadline, "not drained within 60 seconds: " + outbox.backlog()
                        + ", relay failures " + relay.failures());
                Thread.sleep(20);
            }
        }
    }

    /**
     * Checks the queue against the work table. {@code failures} is how many events could each have caught
     * one batch of a relay in flight (a JVM killed, a session killed, the broker restarted or its connection
     * closed): only those messages may arrive twice.
     */
    static String verify(CrashingPublisher.Setup setup, Database db, Inbox inbox, Channel channel, int failures)
            throws Exception {
        Set<Integer> committed = new HashSet<>();
        try (Connection c = setup.database().connect(setup.url()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select n from " + setup.workTable())) {
            while (rs.next()) {
                committed.add(rs.getInt(1));
            }
        }
        assertTrue(committed.size() > failures, "the killed JVMs committed only " + committed.size() + " units");
        List<Integer> arrived = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        GetResponse r;
        while ((r = channel.basicGet(setup.queue(), true)) != null) {
            arrived.add(Integer.parseInt(new String(r.getBody(), StandardCharsets.UTF_8)));
            ids.add(r.getProps().getMessageId());
        }
        Set<Integer> distinct = new HashSet<>(arrived);
        for (int n : committed) {
            assertTrue(distinct.contains(n), "unit " + n + " committed and its message was lost");
        }
        for (int n : distinct) {
            assertTrue(committed.contains(n), "unit " + n + " did not commit and its message was delivered");
        }
        Map<String, Integer> lastFirstArrival = new HashMap<>();
        Set<Integer> counted = new HashSet<>();
        for (int n : arrived) {
            if (counted.add(n)) {
                String key = "k" + (n % CrashingPublisher.KEYS);
                Integer previous = lastFirstArrival.put(key, n);
                assertTrue(previous == null || previous < n, key + ": " + n + " arrived after " + previous);
            }
        }
        int duplicates = arrived.size() - distinct.size();
        assertTrue(duplicates <= failures * CrashingPublisher.BATCH, duplicates + " duplicates from " + failures
                + " failures, each of which could catch at most one batch of " + CrashingPublisher.BATCH + " in flight");
        int effects = 0;
        for (String id : ids) {
            Boolean first = db.call(session -> inbox.firstDelivery("ledger", id));
            effects += first ? 1 : 0;
        }
        assertEquals(committed.size(), effects, "the inbox let " + effects + " of " + arrived.size()
                + " deliveries take effect");
        return committed.size() + " committed units, " + arrived.size() + " deliveries, " + duplicates
                + " duplicates, " + effects + " effects through the inbox";
    }
}
