package org.unitofwork.outbox.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.unitofwork.outbox.OutboxMessage;
import org.unitofwork.outbox.Transport;

/**
 * Delivers an outbox's messages to Kafka: the destination names the topic, the message's key is the
 * record's key (so that a key's messages share a partition and keep their order), and the header
 * {@value #ID_HEADER} carries the outbox id in UTF-8, for {@link org.unitofwork.outbox.Inbox#firstDelivery}.
 *
 * <p>The producer is idempotent with {@code acks=all}, whatever the configuration given says: {@link
 * #deliver} returns once every in-sync replica has each record, and the producer's own retries neither
 * duplicate nor reorder them. A batch that fails, or that the broker does not acknowledge within the
 * {@linkplain Builder#deliveryTimeout delivery timeout}, fails as a whole and the producer is replaced, so
 * that the relay's retry starts clean.
 *
 * <p>Used by one relay thread; {@link #close()} closes the producer.
 */
public final class KafkaTransport implements Transport, AutoCloseable {
    /** The record header that carries the message's outbox id. */
    public static final String ID_HEADER = "uow-id";

    private final Map<String, Object> config;
    private final long deliveryTimeoutMillis;
    private KafkaProducer<String, byte[]> producer;

    private KafkaTransport(Builder b) {
        this.deliveryTimeoutMillis = b.deliveryTimeout.toMillis();
        Map<String, Object> c = new HashMap<>(b.config);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // bounded by the delivery timeout, or a broker that is down holds a batch for the client's default two
        // minutes, past the relay's lease
        c.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeoutMillis);
        c.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, deliveryTimeoutMillis / 2));
        c.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryTimeoutMillis);
        c.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.config = c;
    }

    /**
     * Starts a transport with the producer configuration {@code config}, which must name the brokers
     * ({@code bootstrap.servers}); the serializers, {@code acks} and idempotence are the transport's.
     *
     * @param config the producer's configuration
     * @return the builder
     */
    public static Builder builder(Map<String, Object> config) {
        Objects.requireNonNull(config, "config");
        if (!config.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("The producer configuration of a KafkaTransport names no brokers:"
                    + " set " + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG + ", for example \"127.0.0.1:9092\".");
        }
        return new Builder(config);
    }

    @Override
    public void deliver(List<OutboxMessage> messages) throws InterruptedException, ExecutionException,
            TimeoutException {
        KafkaProducer<String, byte[]> p = producer();
        try {
            List<Future<RecordMetadata>> sent = new ArrayList<>(messages.size());
            for (OutboxMessage m : messages) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(m.destination(), m.key(), m.payload());
                record.headers().add(ID_HEADER, m.id().toString().getBytes(StandardCharsets.UTF_8));
                sent.add(p.send(record));
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deliveryTimeoutMillis);
            for (Future<RecordMetadata> f : sent) {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(config);
        }
        return producer;
    }

    private void discard() {
        KafkaProducer<String, byte[]> old = producer;
        producer = null;
        if (old != null) {
            // records still in flight are abandoned: the relay sends the whole batch again
            old.close(Duration.ZERO);
        }
    }

    /** Closes the producer, if the transport has one. */
    @Override
    public void close() {
        KafkaProducer<String, byte[]> old = producer;
        producer = null;
        if (old != null) {
            old.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public String toString() {
        return "Kafka transport to " + config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** Configures a {@link KafkaTransport}. */
    public static final class Builder {
        private final Map<String, Object> config;
        private Duration deliveryTimeout = Duration.ofSeconds(10);

        private Builder(Map<String, Object> config) {
            this.config = new HashMap<>(config);
        }

        /**
         * How long a batch waits for the brokers' acknowledgements before it counts as failed (10 seconds by
         * default); it also bounds the producer's {@code delivery.timeout.ms}, {@code request.timeout.ms}
         * and {@code max.block.ms} unless the configuration sets them. Keep it well under the relay's lease.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder deliveryTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("The delivery timeout must be positive, not " + timeout);
            }
            this.deliveryTimeout = timeout;
            return this;
        }

        /**
         * Builds the transport; it creates its producer when it first delivers.
         *
         * @return the transport
         */
        public KafkaTransport build() {
            return new KafkaTransport(this);
        }
    }
}
