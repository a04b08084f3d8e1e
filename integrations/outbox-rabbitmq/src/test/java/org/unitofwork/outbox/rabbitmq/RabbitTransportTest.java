package org.unitofwork.outbox.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.Database;
import org.unitofwork.outbox.Inbox;
import org.unitofwork.outbox.Outbox;
import org.unitofwork.outbox.OutboxRelay;
import org.unitofwork.scenarios.TestDatabase;

/**
 * The outbox delivered to the real RabbitMQ: confirmed, persistent, carrying id and key, in key order;
 * nothing dropped when no queue takes a message or when the broker closes the connection mid-stream;
 * and, through the inbox, one effect per message however often it arrives.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RabbitTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Database db;
    private Outbox outbox;
    private Inbox inbox;
    private String queue;
    private Connection consumerConnection;
    private Channel consumer;
    private RabbitTransport transport;
    private OutboxRelay relay;

    @BeforeEach
    void open() throws Exception {
        RabbitBroker.assumeAvailable();
        db = TestDatabase.H2.build(TestDatabase.uniqueName("rabbit"), TestDatabase.H2.newUrl(), 4);
        outbox = Outbox.of(db);
        outbox.createTables();
        inbox = Inbox.of(db);
        inbox.createTables();
        queue = TestDatabase.uniqueName("uow_outbox_test");
        consumerConnection = RabbitBroker.factory().newConnection("unitofwork-outbox-test-consumer");
        consumer = consumerConnection.createChannel();
    }

    @AfterEach
    void close() throws Exception {
        if (db == null) {
            return; // skipped: the broker is absent
        }
        try {
            if (relay != null) {
                relay.close();
            }
            if (transport != null) {
                transport.close();
            }
            Channel cleanup = consumerConnection.createChannel();
            cleanup.queueDelete(queue);
        } finally {
            consumerConnection.abort(1000);
            db.close();
        }
    }

    private void startRelay(ConnectionFactory factory) {
        startRelay(factory, 100);
    }

    private void startRelay(ConnectionFactory factory, int batchSize) {
        transport = RabbitTransport.builder(factory).confirmTimeout(Duration.ofSeconds(5)).build();
        relay = outbox.relay(transport).batchSize(batchSize).pollInterval(Duration.ofMillis(100))
                .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).start();
    }

    private List<GetResponse> receive(int count, boolean ack) throws Exception {
        List<GetResponse> got = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (got.size() < count) {
            GetResponse r = consumer.basicGet(queue, ack);
            if (r == null) {
                assertTrue(System.nanoTime() < deadline, "waited " + WAIT + " for " + count + " messages, got "
                        + got.size() + "; relay failures: " + relay.failures());
                Thread.sleep(5);
            } else {
                got.add(r);
            }
        }
        return got;
    }

    private void awaitBacklogEmpty() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (outbox.backlog().messages() > 0) {
            assertTrue(System.nanoTime() < deadline, "messages not marked delivered: " + outbox.backlog());
            Thread.sleep(10);
        }
    }

    @Test
    void committedMessagesArriveConfirmedPersistentWithTheirIdAndKeyInKeyOrder() throws Exception {
        consumer.queueDeclare(queue, true, false, false, null);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            ids.add(db.call(session -> outbox.publish(queue, "account-" + (n % 5), Integer.toString(n))));
        }
        startRelay(RabbitBroker.factory());
        List<GetResponse> got = receive(200, true);
        awaitBacklogEmpty();
        Map<String, Integer> lastPerKey = new HashMap<>();
        Set<String> received = new HashSet<>();
        for (GetResponse r : got) {
            assertEquals(2, r.getProps().getDeliveryMode(), "not persistent");
            String key = r.getProps().getHeaders().get(RabbitTransport.KEY_HEADER).toString();
            int n = Integer.parseInt(new String(r.getBody(), StandardCharsets.UTF_8));
            assertEquals("account-" + (n % 5), key);
            assertEquals(ids.get(n).toString(), r.getProps().getMessageId());
            Integer previous = lastPerKey.put(key, n);
            assertTrue(previous == null || previous < n, key + ": " + n + " after " + previous);
            received.add(r.getProps().getMessageId());
        }
        assertEquals(200, received.size());
        assertEquals(null, consumer.basicGet(queue, true), "a message arrived twice");
    }

    @Test
    void aMessageNoQueueTakesIsRetriedUntilTheQueueExistsNotConfirmedAndDropped() throws Exception {
        UUID id = db.call(session -> outbox.publish(queue, null, "waits for its queue"));
        startRelay(RabbitBroker.factory());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (relay.failures() < 2) {
            assertTrue(System.nanoTime() < deadline, "the relay did not try");
            Thread.sleep(10);
        }
        assertEquals(1, outbox.backlog().messages());
        try (java.sql.Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select last_error from " + outbox.table())) {
            rs.next();
            assertTrue(rs.getString(1).contains("routed no queue") && rs.getString(1).contains(queue), rs.getString(1));
        }
        consumer.queueDeclare(queue, true, false, false, null);
        assertEquals(id.toString(), receive(1, true).get(0).getProps().getMessageId());
        awaitBacklogEmpty();
    }

    @Test
    void aConnectionClosedByTheBrokerWhileDeliveringLosesNothing() throws Exception {
        consumer.queueDeclare(queue, true, false, false, null);
        int count = 1000;
        db.run(session -> {
            for (int i = 0; i < count; i++) {
                outbox.publish(queue, "k" + (i % 3), Integer.toString(i));
            }
        });
        String name = TestDatabase.uniqueName("uow_outbox_relay");
        ConnectionFactory factory = RabbitBroker.factory();
        factory.getClientProperties().put("connection_name", name);
        transport = RabbitTransport.builder(factory).confirmTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger batches = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        Thread cut = new Thread(() -> {
            try {
                closed.set(RabbitBroker.closeConnections(name));
            } catch (Exception | AssertionError e) {
                closed.set(-1);
            }
        });
        relay = outbox.relay(messages -> {
            if (batches.incrementAndGet() == 3) {
                // as a broker restart would, at whatever point of a later batch rabbitmqctl gets to it: most
                // of a batch's time is spent waiting for confirms, so usually there
                cut.start();
            }
            transport.deliver(messages);
        }).batchSize(10).retryBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).start();
        Map<Integer, Integer> seen = new HashMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (seen.size() < count) {
            assertTrue(System.nanoTime() < deadline, "waited " + WAIT + " for " + count + " messages, got " + seen.size());
            GetResponse r = consumer.basicGet(queue, true);
            if (r == null) {
                Thread.sleep(5);
            } else {
                seen.merge(Integer.parseInt(new String(r.getBody(), StandardCharsets.UTF_8)), 1, Integer::sum);
            }
        }
        awaitBacklogEmpty();
        cut.join(WAIT.toMillis());
        assertEquals(1, closed.get(), "the relay's connection was not closed while it delivered");
        assertEquals(count, seen.size());
    }

    @Test
    void redeliveriesThroughTheInboxTakeEffectOnce() throws Exception {
        consumer.queueDeclare(queue, true, false, false, null);
        for (int i = 0; i < 20; i++) {
            int n = i;
            db.run(session -> outbox.publish(queue, "k", Integer.toString(n)));
        }
        startRelay(RabbitBroker.factory());
        // handled and not acknowledged: as a consumer that crashed after its unit committed and before its ack
        int effects = handle(receive(20, false));
        consumer.basicRecover(true);
        awaitBacklogEmpty();
        // and as a relay that crashed after the broker's confirm and before marking, once its lease ran out
        try (java.sql.Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("update " + outbox.table() + " set delivered_at = null, not_before = 0 where seq <= 5");
        }
        relay.close();
        startRelay(RabbitBroker.factory());
        effects += handle(receive(20 + 5, true));
        assertEquals(20, effects);
    }

    private int handle(List<GetResponse> deliveries) {
        int effects = 0;
        for (GetResponse r : deliveries) {
            String messageId = r.getProps().getMessageId();
            boolean first = db.call(session -> inbox.firstDelivery("ledger", messageId));
            effects += first ? 1 : 0;
        }
        return effects;
    }
}
