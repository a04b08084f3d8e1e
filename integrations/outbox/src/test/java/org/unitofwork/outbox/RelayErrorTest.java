package org.unitofwork.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.Database;
import org.unitofwork.scenarios.TestDatabase;

/**
 * A transport that throws an {@link Error}, a real stack overflow included, fails its batch as any other
 * failure does: the relay counts it, records it on the messages, sends them again after the backoff, and
 * goes on delivering; neither its thread nor the messages' lease is lost.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RelayErrorTest {

    @Test
    void anErrorThrownByTheTransportFailsTheBatchAndTheRelayGoesOn() throws Exception {
        deliversAfter(() -> {
            throw new NoClassDefFoundError("com/example/broker/Client");
        }, NoClassDefFoundError.class);
    }

    @Test
    void aStackOverflowInTheTransportFailsTheBatchAndTheRelayGoesOn() throws Exception {
        deliversAfter(() -> recurse(0), StackOverflowError.class);
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    private static void deliversAfter(Runnable failure, Class<? extends Error> type) throws Exception {
        String url = TestDatabase.H2.newUrl();
        try (Database db = TestDatabase.H2.build(TestDatabase.uniqueName("errors"), url, 2)) {
            Outbox outbox = Outbox.of(db);
            outbox.createTables();
            RecordingTransport broker = new RecordingTransport();
            AtomicInteger calls = new AtomicInteger();
            Transport failingOnce = messages -> {
                if (calls.incrementAndGet() == 1) {
                    failure.run();
                }
                broker.deliver(messages);
            };
            db.run(session -> outbox.publish("transfers", "k", "first"));
            // a lease far longer than the test: only the relay's own retry can deliver the message in time
            try (OutboxRelay relay = outbox.relay(failingOnce).pollInterval(Duration.ofMillis(20))
                    .lease(Duration.ofMinutes(10)).retryBackoff(Duration.ofMillis(10), Duration.ofMillis(20)).start()) {
                assertEquals("first", text(broker.await(1, Duration.ofSeconds(10)).get(0)));
                assertEquals(1, relay.failures(), "the error was not counted");
                assertTrue(lastError(url).startsWith(type.getName()), "the message does not say what failed it: "
                        + lastError(url));
                db.run(session -> outbox.publish("transfers", "k", "second"));
                List<OutboxMessage> received = broker.await(2, Duration.ofSeconds(10));
                assertEquals("second", text(received.get(1)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                // the relay counts a batch once its marking has committed: the count may follow the backlog by a moment
                while (outbox.backlog().messages() > 0 || relay.delivered() < 2) {
                    assertTrue(System.nanoTime() < deadline, "not marked delivered: " + outbox.backlog() + ", "
                            + relay.delivered() + " counted delivered");
                    Thread.sleep(10);
                }
                assertEquals(2, relay.delivered());
            }
        }
    }

    private static String text(OutboxMessage m) {
        return new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String lastError(String url) throws Exception {
        try (Connection c = TestDatabase.H2.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select last_error from uow_outbox where seq = 1")) {
            rs.next();
            return String.valueOf(rs.getString(1));
        }
    }
}
