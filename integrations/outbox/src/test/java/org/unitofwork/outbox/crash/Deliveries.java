package org.unitofwork.outbox.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
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
import org.unitofwork.outbox.Transport;

/**
 * What the crash tests check once the {@link CrashingPublisher}s are dead: a relay drains what they left,
 * and then the broker holds every committed unit's message, none of another unit, each key's messages first
 * arriving in commit order, and duplicates only of the batches that failures caught in flight; and the
 * inbox lets each message take effect once.
 */
public final class Deliveries {
    private Deliveries() {
    }

    /**
     * Starts the application once more, as a relay of this JVM, and waits until it has delivered everything.
     *
     * @param setup what the application worked on
     * @param db a pool on the database
     * @param transport the transport to the broker
     * @throws InterruptedException when the test is interrupted while it waits
     */
    public static void drain(CrashingPublisher.Setup setup, Database db, Transport transport)
            throws InterruptedException {
        Outbox outbox = Outbox.of(db, setup.outboxTable());
        try (OutboxRelay relay = outbox.relay(transport).pollInterval(Duration.ofMillis(100)).start()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (outbox.backlog().messages() > 0) {
                assertTrue(System.nanoTime() < deadline, "outbox " + setup.outboxTable() + " not drained within 60"
                        + " seconds: " + outbox.backlog() + ", relay failures " + relay.failures());
                Thread.sleep(20);
            }
        }
    }

    /**
     * Checks what the consumer received, in the order it received it, against the work table.
     * {@code failures} is how many events could each have caught one batch of a relay in flight (a JVM
     * killed, a session killed, the broker restarted or its connection closed): only those messages may
     * arrive twice.
     *
     * @param setup what the application worked on
     * @param db a pool on the database
     * @param arrived what the consumer received
     * @param failures how many events could each have caught a batch in flight
     * @return the figures: committed units, deliveries, duplicates, effects
     * @throws Exception when the database cannot be read
     */
    public static String verify(CrashingPublisher.Setup setup, Database db, List<Delivery> arrived, int failures)
            throws Exception {
        Set<Integer> committed = new HashSet<>();
        try (Connection c = setup.database().connect(setup.url()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select n from " + setup.workTable())) {
            while (rs.next()) {
                committed.add(rs.getInt(1));
            }
        }
        assertTrue(committed.size() > failures, "the killed JVMs committed only " + committed.size() + " units");
        Set<Integer> distinct = new HashSet<>();
        for (Delivery d : arrived) {
            distinct.add(d.unit());
        }
        for (int n : committed) {
            assertTrue(distinct.contains(n), "unit " + n + " committed and its message to " + setup.destination()
                    + " was lost");
        }
        for (int n : distinct) {
            assertTrue(committed.contains(n), "unit " + n + " did not commit and its message to "
                    + setup.destination() + " was delivered");
        }
        Map<String, Integer> lastFirstArrival = new HashMap<>();
        Set<Integer> counted = new HashSet<>();
        for (Delivery d : arrived) {
            if (counted.add(d.unit())) {
                String key = "k" + (d.unit() % CrashingPublisher.KEYS);
                Integer previous = lastFirstArrival.put(key, d.unit());
                assertTrue(previous == null || previous < d.unit(), key + ": " + d.unit() + " arrived after "
                        + previous);
            }
        }
        int duplicates = arrived.size() - distinct.size();
        assertTrue(duplicates <= failures * CrashingPublisher.BATCH, duplicates + " duplicates from " + failures
                + " failures, each of which could catch at most one batch of " + CrashingPublisher.BATCH + " in flight");
        Inbox inbox = Inbox.of(db, setup.inboxTable());
        int effects = 0;
        for (Delivery d : arrived) {
            Boolean first = db.call(session -> inbox.firstDelivery("ledger", d.id()));
            effects += first ? 1 : 0;
        }
        assertEquals(committed.size(), effects, "the inbox let " + effects + " of " + arrived.size()
                + " deliveries take effect");
        return committed.size() + " committed units, " + arrived.size() + " deliveries, " + duplicates
                + " duplicates, " + effects + " effects through the inbox";
    }
}
