package org.unitofwork.outbox.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ReturnListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.unitofwork.outbox.OutboxMessage;
import org.unitofwork.outbox.Transport;

/**
 * Delivers an outbox's messages to RabbitMQ with publisher confirms: {@link #deliver} returns once the
 * broker has confirmed every message of the batch, which for a persistent message on a durable queue
 * means it is on disk (or on a quorum of nodes).
 *
 * <p>Each message goes out persistent ({@code delivery_mode} 2), with its outbox id as the AMQP
 * {@code message-id} (what consumers pass to {@link org.unitofwork.outbox.Inbox#firstDelivery}), its
 * publication time as {@code timestamp}, and its key in the header {@value #KEY_HEADER}. By default the
 * destination names a queue, reached through the default exchange; with {@link Builder#toExchanges()} it
 * names an exchange, and the key is the routing key.
 *
 * <p>Messages are published {@code mandatory}: one that no queue takes (a queue not declared, an exchange
 * without a matching binding) comes back and fails its batch, which the relay then retries, instead of
 * being confirmed and dropped. Declare queues and bindings before publishing.
 *
 * <p>The transport opens its connection on first use and opens a new one after any failure, so that it
 * outlives broker restarts. The connection is named {@value #CONNECTION_NAME} in the broker's management
 * tools unless the factory's client properties name it ({@code connection_name}). Used by one relay thread; {@link #close()} closes the connection.
 */
public final class RabbitTransport implements Transport, AutoCloseable {
    /** The header that carries the message's key. */
    public static final String KEY_HEADER = "uow-key";

    private static final String CONNECTION_NAME = "unitofwork-outbox";

    private final ConnectionFactory factory;
    private final boolean toExchanges;
    private final long confirmTimeoutMillis;
    private final Set<String> returned = ConcurrentHashMap.newKeySet();
    private Connection connection;
    private Channel channel;

    private RabbitTransport(Builder b) {
        this.factory = b.factory;
        this.toExchanges = b.toExchanges;
        this.confirmTimeoutMillis = b.confirmTimeout.toMillis();
    }

    /**
     * Starts a transport over connections from {@code factory}.
     *
     * @param factory the application's configured connection factory (host, credentials, TLS)
     * @return the builder
     */
    public static Builder builder(ConnectionFactory factory) {
        return new Builder(Objects.requireNonNull(factory, "factory"));
    }

    @Override
    public void deliver(List<OutboxMessage> messages) throws IOException, TimeoutException, InterruptedException {
        Channel ch = channel();
        returned.clear();
        try {
            for (OutboxMessage m : messages) {
                String exchange = toExchanges ? m.destination() : "";
                String routingKey = toExchanges ? (m.key() == null ? "" : m.key()) : m.destination();
                ch.basicPublish(exchange, routingKey, true, properties(m), m.payload());
            }
            ch.waitForConfirmsOrDie(confirmTimeoutMillis);
        } catch (IOException | TimeoutException | RuntimeException | InterruptedException e) {
            disconnect();
            throw e;
        }
        if (!returned.isEmpty()) {
            throw new IOException("RabbitMQ at " + factory.getHost() + ":" + factory.getPort() + " routed no queue for "
                    + returned.size() + " of " + messages.size() + " messages (" + String.join("; ", returned)
                    + "): declare the " + (toExchanges ? "exchange's bindings" : "queue")
                    + " the destination names. They are sent again later.");
        }
    }

    private static AMQP.BasicProperties properties(OutboxMessage m) {
        Map<String, Object> headers = new HashMap<>();
        if (m.key() != null) {
            headers.put(KEY_HEADER, m.key());
        }
        return new AMQP.BasicProperties.Builder()
                .messageId(m.id().toString())
                .deliveryMode(2)
                .timestamp(Date.from(m.createdAt()))
                .headers(headers)
                .build();
    }

    private Channel channel() throws IOException, TimeoutException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        disconnect();
        // a name the application gave its factory wins: it is how operators find the connection
        connection = factory.getClientProperties().containsKey("connection_name") ? factory.newConnection()
                : factory.newConnection(CONNECTION_NAME);
        try {
            Channel opened = connection.createChannel();
            opened.confirmSelect();
            opened.addReturnListener((ReturnListener) (code, text, exchange, routingKey, properties, body) ->
                    returned.add("message " + properties.getMessageId() + " to exchange '" + exchange
                            + "' with routing key '" + routingKey + "': " + code + " " + text));
            channel = opened;
            return opened;
        } catch (IOException | RuntimeException e) {
            disconnect();
            throw e;
        }
    }

    private void disconnect() {
        Connection open = connection;
        connection = null;
        channel = null;
        if (open != null) {
            // abort: never throws, never waits for a broker that may be gone
            open.abort(1000);
        }
    }

    /** Closes the transport's connection to the broker, if it has one. */
    @Override
    public void close() {
        disconnect();
    }

    @Override
    public String toString() {
        return "RabbitMQ transport to " + factory.getHost() + ":" + factory.getPort()
                + (toExchanges ? " (destinations are exchanges)" : " (destinations are queues)");
    }

    /** Configures a {@link RabbitTransport}. */
    public static final class Builder {
        private final ConnectionFactory factory;
        private boolean toExchanges;
        private Duration confirmTimeout = Duration.ofSeconds(10);

        private Builder(ConnectionFactory factory) {
            this.factory = factory;
        }

        /**
         * Makes a message's destination name an exchange, and its key the routing key (an empty routing
         * key for a message without key). Without this, the destination names a queue.
         *
         * @return this builder
         */
        public Builder toExchanges() {
            this.toExchanges = true;
            return this;
        }

        /**
         * How long a batch waits for the broker's confirms before it counts as failed (10 seconds by
         * default). Keep it well under the relay's lease.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder confirmTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("The confirm timeout must be positive, not " + timeout);
            }
            this.confirmTimeout = timeout;
            return this;
        }

        /**
         * Builds the transport; it connects when it first delivers.
         *
         * @return the transport
         */
        public RabbitTransport build() {
            return new RabbitTransport(this);
        }
    }
}
