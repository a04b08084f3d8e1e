package org.unitofwork.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.Database;
import org.unitofwork.scenarios.TestDatabase;

/**
 * While the broker takes a full batch, the relay leases the next one; a relay stopped meanwhile sends the
 * batch it is on and gives the next one back at once, instead of holding it for its lease.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RelayLeasingTest {

    @Test
    void whileTheBrokerTakesABatchTheNextIsLeasedAndAStoppedRelayGivesItBack() throws Exception {
        String url = TestDatabase.H2.newUrl();
        try (Database db = TestDatabase.H2.build(TestDatabase.uniqueName("leasing"), url, 3)) {
            Outbox outbox = Outbox.of(db);
            outbox.createTables();
            db.run(session -> {
                for (int i = 0; i < 250; i++) {
                    outbox.publish("transfers", null, "m" + i);
                }
            });
            RecordingTransport broker = new RecordingTransport();
            CountDownLatch atBroker = new CountDownLatch(1);
            CountDownLatch confirm = new CountDownLatch(1);
            Transport slow = messages -> {
                atBroker.countDown();
                confirm.await();
                broker.deliver(messages);
            };
            // a lease far longer than the test: only the relay itself can give the next batch back in time
            OutboxRelay relay = outbox.relay(slow).batchSize(100).lease(Duration.ofMinutes(10)).start();
            assertTrue(atBroker.await(10, TimeUnit.SECONDS), "the relay sent nothing");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (leased(url) < 200) {
                assertTrue(System.nanoTime() < deadline, "the next batch was not leased while the broker took the"
                        + " first: " + leased(url) + " messages leased");
                Thread.sleep(10);
            }
            Thread stopping = new Thread(relay::close);
            stopping.start();
            while (relay.running()) {
                Thread.sleep(1);
            }
            confirm.countDown();
            stopping.join();
            assertEquals(100, broker.await(100, Duration.ofSeconds(1)).size());
            assertEquals(150, outbox.backlog().messages());
            assertEquals(0, leased(url), "messages still leased to the stopped relay");
        }
    }

    /** The undelivered messages a relay holds. */
    private static int leased(String url) throws Exception {
        try (Connection c = TestDatabase.H2.connect(url); PreparedStatement s = c.prepareStatement(
                "select count(*) from uow_outbox where delivered_at is null and not_before > ?")) {
            s.setLong(1, System.currentTimeMillis());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
