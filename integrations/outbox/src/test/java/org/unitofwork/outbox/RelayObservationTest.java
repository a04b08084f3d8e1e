package org.unitofwork.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.unitofwork.Database;
import org.unitofwork.scenarios.TestDatabase;

/** What a relay tells about its work: the JFR event of each batch, and the delivered messages it deletes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RelayObservationTest {

    @Test
    void eachBatchIsAJfrEventSayingWhetherTheBrokerTookIt(@TempDir java.nio.file.Path dir) throws Exception {
        try (Database db = TestDatabase.H2.build(TestDatabase.uniqueName("jfr"), TestDatabase.H2.newUrl(), 2);
                Recording recording = new Recording()) {
            Outbox outbox = Outbox.of(db);
            outbox.createTables();
            recording.enable("org.unitofwork.outbox.Delivery");
            recording.start();
            RecordingTransport broker = new RecordingTransport();
            broker.down(true);
            db.run(session -> {
                outbox.publish("transfers", "k", "a");
                outbox.publish("transfers", "k", "b");
            });
            try (OutboxRelay relay = outbox.relay(broker).name("observed").pollInterval(Duration.ofMillis(20))
                    .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(20)).start()) {
                while (broker.refused() == 0) {
                    Thread.sleep(5);
                }
                broker.down(false);
                broker.await(2, Duration.ofSeconds(10));
                assertTrue(relay.failures() > 0);
            }
            recording.stop();
            java.nio.file.Path file = dir.resolve("relay.jfr");
            recording.dump(file);
            // the runtime's unit events are in the recording too
            List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("org.unitofwork.outbox.Delivery")).toList();
            RecordedEvent failed = events.stream().filter(e -> !e.getBoolean("delivered")).findFirst().orElseThrow();
            RecordedEvent delivered = events.stream().filter(e -> e.getBoolean("delivered")).findFirst().orElseThrow();
            for (RecordedEvent e : List.of(failed, delivered)) {
                assertEquals("observed", e.getString("relay"));
                assertEquals(db.name(), e.getString("database"));
                assertEquals(Outbox.DEFAULT_TABLE, e.getString("table"));
                assertEquals(2, e.getInt("messages"));
            }
            assertEquals(IllegalStateException.class.getName(), failed.getString("failure"));
            assertEquals("", delivered.getString("failure"));
            assertFalse(delivered.getDuration().isNegative());
        }
    }

    @Test
    void aRelayDeletesMessagesDeliveredLongerAgoThanItsRetention() throws Exception {
        String url = TestDatabase.H2.newUrl();
        try (Database db = TestDatabase.H2.build(TestDatabase.uniqueName("purge"), url, 2)) {
            Outbox outbox = Outbox.of(db);
            outbox.createTables();
            db.run(session -> {
                outbox.publish("transfers", null, "old");
                outbox.publish("transfers", null, "recent");
            });
            try (Connection c = TestDatabase.H2.connect(url); Statement s = c.createStatement()) {
                s.executeUpdate("update uow_outbox set delivered_at = 1 where seq = 1");
                s.executeUpdate("update uow_outbox set delivered_at = " + System.currentTimeMillis() + " where seq = 2");
            }
            try (OutboxRelay relay = outbox.relay(new RecordingTransport()).retainDelivered(Duration.ofMinutes(5))
                    .start()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (rows(url) > 1) {
                    assertTrue(System.nanoTime() < deadline, "the relay kept a message delivered long ago");
                    Thread.sleep(10);
                }
                assertEquals(0, relay.delivered());
            }
            assertEquals(1, rows(url), "the relay deleted a message delivered within its retention");
        }
    }

    private static long rows(String url) throws Exception {
        try (Connection c = TestDatabase.H2.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from uow_outbox")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
