package org.unitofwork.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.Database;
import org.unitofwork.scenarios.TestDatabase;

/**
 * On PostgreSQL a commit wakes the relays of other processes too: a relay on another {@link Database},
 * with a pool of its own and a poll interval of 30 seconds, delivers a message committed through the first
 * one long before it would have polled, and goes on doing so after its listening session was killed or a
 * stack overflow struck its listener.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommitWakeUpPostgresTest {
    private static final Duration POLL = Duration.ofSeconds(30);
    // a third of the poll interval: a message delivered within it was not found by polling
    private static final Duration WOKEN = POLL.dividedBy(3);

    private String url;
    private String table;
    private Database publishing;
    private Database relaying;

    @BeforeEach
    void open() {
        TestDatabase.POSTGRES.assumeAvailable();
        url = TestDatabase.POSTGRES.newUrl();
        table = TestDatabase.uniqueName("wake_outbox");
        publishing = TestDatabase.POSTGRES.build(TestDatabase.uniqueName("publishing"), url, 2);
        relaying = TestDatabase.POSTGRES.build(TestDatabase.uniqueName("relaying"), url, 2);
        Outbox.of(publishing, table).createTables();
    }

    @AfterEach
    void close() throws Exception {
        if (publishing == null) {
            return;
        }
        publishing.close();
        relaying.close();
        TestDatabase.POSTGRES.dropTable(url, table);
    }

    @Test
    void aCommitWakesARelayOfAnotherDatabaseLongBeforeItsPollInterval() throws Exception {
        Outbox outbox = Outbox.of(publishing, table);
        RecordingTransport broker = new RecordingTransport();
        try (OutboxRelay relay = Outbox.of(relaying, table).relay(broker).pollInterval(POLL).start()) {
            publishing.run(session -> outbox.publish("transfers", "k", "first"));
            // the relay's first look may find this one: the next cannot be found by polling before 30 s
            broker.await(1, WOKEN);
            publishing.run(session -> outbox.publish("transfers", "k", "second"));
            assertEquals("second", text(broker.await(2, WOKEN).get(1)));
            assertEquals(0, relay.failures());
        }
    }

    @Test
    void aRelayWhoseListeningSessionWasKilledListensAgain() throws Exception {
        Outbox outbox = Outbox.of(publishing, table);
        RecordingTransport broker = new RecordingTransport();
        try (OutboxRelay relay = Outbox.of(relaying, table).relay(broker).pollInterval(POLL)
                .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).start()) {
            publishing.run(session -> outbox.publish("transfers", "k", "first"));
            broker.await(1, WOKEN);
            killListeningSession();
            long deadline = System.nanoTime() + WOKEN.toNanos();
            while (relay.failures() == 0) {
                assertTrue(System.nanoTime() < deadline, "the relay did not notice that it no longer listens");
                Thread.sleep(10);
            }
            publishing.run(session -> outbox.publish("transfers", "k", "second"));
            List<OutboxMessage> received = broker.await(2, WOKEN);
            assertEquals("second", text(received.get(1)));
        }
    }

    @Test
    void aStackOverflowInTheListenersDriverIsCountedAndItListensAgain() throws Exception {
        Outbox outbox = Outbox.of(publishing, table);
        RecordingTransport broker = new RecordingTransport();
        OverflowingSocketFactory.overflow.set(1);
        try (Database overflowing = TestDatabase.POSTGRES.builder(url).name(TestDatabase.uniqueName("overflowing"))
                        .poolSize(2).configure(pool -> pool.addDataSourceProperty("socketFactory",
                                OverflowingSocketFactory.class.getName())).build();
                OutboxRelay relay = Outbox.of(overflowing, table).relay(broker).pollInterval(POLL)
                        .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).start()) {
            long deadline = System.nanoTime() + WOKEN.toNanos();
            while (relay.failures() == 0) {
                assertTrue(System.nanoTime() < deadline, "the listener's stack overflow was not counted");
                Thread.sleep(10);
            }
            assertEquals(0, OverflowingSocketFactory.overflow.get());
            publishing.run(session -> outbox.publish("transfers", "k", "after the overflow"));
            assertEquals("after the overflow", text(broker.await(1, WOKEN).get(0)));
            assertEquals(1, relay.failures());
        } finally {
            OverflowingSocketFactory.overflow.set(0);
        }
    }

    /**
     * Kills the relay's listening session once it listens: the first message may have come by the relay's
     * first look, before its listener ran {@code LISTEN}.
     */
    private void killListeningSession() throws Exception {
        long deadline = System.nanoTime() + WOKEN.toNanos();
        try (Connection c = TestDatabase.POSTGRES.connect(url); Statement s = c.createStatement()) {
            while (true) {
                try (ResultSet rs = s.executeQuery("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                        + " where datname = current_database() and query = 'listen \"" + table + "\"'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        assertEquals(1, rs.getInt(1), "more than one session listening on " + table);
                        return;
                    }
                }
                assertTrue(System.nanoTime() < deadline, "no session listening on " + table + " within " + WOKEN);
                Thread.sleep(10);
            }
        }
    }

    private static String text(OutboxMessage m) {
        return new String(m.payload(), StandardCharsets.UTF_8);
    }
}
