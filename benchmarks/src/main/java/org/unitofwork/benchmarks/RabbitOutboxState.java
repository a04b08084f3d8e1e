package org.unitofwork.benchmarks;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import java.io.IOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.unitofwork.outbox.Outbox;
import org.unitofwork.outbox.OutboxRelay;
import org.unitofwork.outbox.rabbitmq.RabbitTransport;

/**
 * An outbox on {@link PostgresPoolState}'s database, a transport to the local RabbitMQ (127.0.0.1:5672,
 * guest/guest) and a consumer on the same uniquely named queue, which counts what arrives; the relay
 * runs between {@link #startRelay()} and {@link #stopRelay()}. The queue and the table are removed at
 * the end of the trial.
 */
@State(Scope.Benchmark)
public class RabbitOutboxState {
    private static final byte[] PAYLOAD = new byte[100];

    private final AtomicLong received = new AtomicLong();
    private long published;
    private String queue;
    private Connection consumer;
    private RabbitTransport transport;
    private OutboxRelay relay;

    /** The outbox the benchmark publishes to. */
    public Outbox outbox;

    /** Creates the table and the queue, and starts the consumer. */
    @Setup(Level.Trial)
    public void open(PostgresPoolState postgres) throws IOException, TimeoutException {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        queue = "uow_bench_" + suffix;
        outbox = Outbox.of(postgres.database, "uow_bench_outbox_" + suffix);
        outbox.createTables();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        consumer = factory.newConnection("unitofwork-benchmark-consumer");
        Channel channel = consumer.createChannel();
        channel.queueDeclare(queue, false, false, true, null);
        DeliverCallback count = (tag, message) -> received.incrementAndGet();
        channel.basicConsume(queue, true, count, tag -> { });
        transport = RabbitTransport.builder(factory).build();
    }

    /** Starts a relay with the defaults on the outbox. */
    void startRelay() {
        relay = outbox.relay(transport).start();
    }

    /** Stops the relay. */
    void stopRelay() {
        relay.close();
        relay = null;
    }

    /** Publishes {@code messages} messages in one unit. */
    void publish(PostgresPoolState postgres, int messages) {
        postgres.database.run(session -> {
            for (int i = 0; i < messages; i++) {
                outbox.publish(queue, null, PAYLOAD);
            }
        });
        published += messages;
    }

    /** Waits until the consumer has everything published so far. */
    void awaitDelivered() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.get() < published) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("RabbitMQ did not get " + published + " messages within 30 s, only "
                        + received.get() + " (" + (relay == null ? "no relay running" : "relay failures: "
                        + relay.failures()) + ")");
            }
            Thread.onSpinWait();
            LockSupport.parkNanos(10_000);
        }
    }

    /** Stops the relay and the consumer and removes the queue and the table. */
    @TearDown(Level.Trial)
    public void close() throws IOException, SQLException {
        if (relay != null) {
            stopRelay();
        }
        transport.close();
        try {
            consumer.createChannel().queueDelete(queue);
        } finally {
            consumer.abort(1000);
            try (java.sql.Connection c = DriverManager.getConnection(PostgresPoolState.URL, PostgresPoolState.USER, "");
                    Statement s = c.createStatement()) {
                s.execute("drop table if exists " + outbox.table());
            }
        }
    }
}
