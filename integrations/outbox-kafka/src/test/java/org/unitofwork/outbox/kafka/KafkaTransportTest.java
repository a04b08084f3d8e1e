package org.unitofwork.outbox.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.Database;
import org.unitofwork.outbox.Inbox;
import org.unitofwork.outbox.Outbox;
import org.unitofwork.outbox.OutboxRelay;
import org.unitofwork.scenarios.TestDatabase;

/**
 * The outbox delivered to a real Kafka broker the test starts: records keyed, carrying their id, in key
 * order; and nothing lost when the broker is killed during delivery and started again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaBroker broker;

    private Database db;
    private Outbox outbox;
    private String topic;
    private KafkaTransport transport;
    private OutboxRelay relay;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.shared();
    }

    @BeforeEach
    void open() {
        db = TestDatabase.H2.build(TestDatabase.uniqueName("kafka"), TestDatabase.H2.newUrl(), 4);
        outbox = Outbox.of(db);
        outbox.createTables();
        topic = TestDatabase.uniqueName("uow_outbox");
        // long enough that a loaded machine's first send to a new topic is not taken for a failure, which the
        // relay would answer by sending the batch again: these tests count what arrives in the normal course
        transport = transport(Duration.ofSeconds(30));
    }

    private KafkaTransport transport(Duration deliveryTimeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return KafkaTransport.builder(config).deliveryTimeout(deliveryTimeout).build();
    }

    @AfterEach
    void close() {
        if (relay != null) {
            relay.close();
        }
        transport.close();
        db.close();
    }

    private void startRelay() {
        relay = outbox.relay(transport).pollInterval(Duration.ofMillis(100))
                .retryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)).start();
    }

    private List<ConsumerRecord<String, byte[]>> consume(int count) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (got.size() < count) {
                assertTrue(System.nanoTime() < deadline, "waited " + WAIT + " for " + count + " records, got "
                        + got.size() + "; relay failures " + relay.failures());
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
        }
        return got;
    }

    private void awaitBacklogEmpty() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (outbox.backlog().messages() > 0) {
            assertTrue(System.nanoTime() < deadline, "messages not marked delivered: " + outbox.backlog());
            Thread.sleep(20);
        }
    }

    private static int number(ConsumerRecord<String, byte[]> r) {
        return Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8));
    }

    @Test
    void committedMessagesArriveKeyedWithTheirIdInKeyOrder() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            ids.add(db.call(session -> outbox.publish(topic, "account-" + (n % 5), Integer.toString(n))));
        }
        startRelay();
        List<ConsumerRecord<String, byte[]>> got = consume(100);
        awaitBacklogEmpty();
        Map<String, Integer> lastPerKey = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : got) {
            int n = number(r);
            assertEquals("account-" + (n % 5), r.key());
            assertEquals(ids.get(n).toString(),
                    new String(r.headers().lastHeader(KafkaTransport.ID_HEADER).value(), StandardCharsets.UTF_8));
            Integer previous = lastPerKey.put(r.key(), n);
            assertTrue(previous == null || previous < n, r.key() + ": " + n + " after " + previous);
        }
        assertEquals(100, got.size());
    }

    @Test
    void aBrokerKilledDuringDeliveryAndStartedAgainLosesNothing() throws Exception {
        transport.close();
        transport = transport(Duration.ofSeconds(5)); // the batch in flight when the broker dies fails soon
        int count = 1000;
        db.run(session -> {
            for (int i = 0; i < count; i++) {
                outbox.publish(topic, "k" + (i % 3), Integer.toString(i));
            }
        });
        relay = outbox.relay(transport).batchSize(10).pollInterval(Duration.ofMillis(100))
                .retryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)).start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (relay.delivered() < 100) {
            assertTrue(System.nanoTime() < deadline, "the relay did not start delivering");
            Thread.sleep(5);
        }
        broker.kill();
        Thread.sleep(500);
        broker.startAgain();
        List<ConsumerRecord<String, byte[]>> got = consume(count);
        awaitBacklogEmpty();
        Set<Integer> seen = new HashSet<>();
        Map<String, Integer> lastFirst = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : got) {
            int n = number(r);
            if (seen.add(n)) {
                Integer previous = lastFirst.put(r.key(), n);
                assertTrue(previous == null || previous < n, r.key() + ": " + n + " after " + previous);
            }
        }
        assertEquals(count, seen.size(), "messages lost");
        assertTrue(relay.failures() > 0, "the broker's death failed no batch");
        // the inbox collapses whatever the restart duplicated
        Inbox inbox = Inbox.of(db);
        inbox.createTables();
        int effects = 0;
        for (ConsumerRecord<String, byte[]> r : got) {
            String id = new String(r.headers().lastHeader(KafkaTransport.ID_HEADER).value(), StandardCharsets.UTF_8);
            Boolean first = db.call(session -> inbox.firstDelivery("ledger", id));
            effects += first ? 1 : 0;
        }
        assertEquals(count, effects);
    }
}
