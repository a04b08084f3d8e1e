package org.unitofwork.outbox.kafka;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.unitofwork.outbox.crash.CrashingPublisher;
import org.unitofwork.outbox.crash.Delivery;
import org.unitofwork.outbox.crash.PublisherCrashContract;
import org.unitofwork.outbox.crash.PublisherTransport;
import org.unitofwork.scenarios.TestDatabase;

/**
 * The crash test on a Kafka broker of the test's own: the messages go to a topic of three partitions (a
 * key's messages share one, and their order is checked there), the broker failure is the broker killed with
 * {@code kill -9} and started again on its data, and the consumer reads the topic from its beginning.
 */
class PublisherCrashTest extends PublisherCrashContract {
    private static final int PARTITIONS = 3;
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.shared();
    }

    /**
     * PostgreSQL only in every build: the database side of a crash is the transport's no matter, and
     * RabbitMQ's crash test runs on MariaDB in every build.
     */
    @Override
    protected boolean runsInEveryBuildOn(TestDatabase database) {
        return database == TestDatabase.POSTGRES;
    }

    @Override
    protected void assumeBrokerAvailable() {
        // started by the test itself, from Kafka's own artifacts: always there
    }

    @Override
    protected Class<? extends PublisherTransport> transport() {
        return KafkaPublisherTransport.class;
    }

    @Override
    protected String broker() {
        return broker.bootstrapServers();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @Override
    protected void createDestination(String destination) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(destination, PARTITIONS, (short) 1))).all().get(30,
                    TimeUnit.SECONDS);
        }
    }

    @Override
    protected void deleteDestination(String destination) throws Exception {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(destination)).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    protected String failBroker(CrashingPublisher.Setup setup) throws Exception {
        broker.kill();
        Thread.sleep(300);
        broker.startAgain();
        return "broker killed and started again once";
    }

    @Override
    protected List<Delivery> receive(CrashingPublisher.Setup setup) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<Delivery> arrived = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(setup.destination(), p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.get(p))) {
                assertTrue(System.nanoTime() < deadline, "topic " + setup.destination() + " not read to its end "
                        + end + " within 60 s: " + arrived.size() + " records read");
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    arrived.add(new Delivery(Integer.parseInt(r.value()),
                            new String(r.headers().lastHeader(KafkaTransport.ID_HEADER).value(),
                                    StandardCharsets.UTF_8)));
                }
            }
        }
        return arrived;
    }
}
