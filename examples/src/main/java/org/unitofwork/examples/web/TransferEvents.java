package org.unitofwork.examples.web;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.unitofwork.Database;
import org.unitofwork.outbox.Inbox;
import org.unitofwork.outbox.Outbox;
import org.unitofwork.outbox.OutboxRelay;
import org.unitofwork.outbox.Transport;
import org.unitofwork.outbox.rabbitmq.RabbitTransport;

/**
 * The bank's transfer events, published through the outbox inside the transfer's unit, so that a
 * refused transfer, rolled back, publishes none and a committed one is never lost. Without a broker the
 * relay hands them straight to {@link #delivered()}; with RabbitMQ it sends them to a queue, and a
 * consumer here takes each one in a unit of its own, records it in the inbox so that a redelivery
 * does nothing, prints it and adds it to {@link #delivered()}.
 */
final class TransferEvents implements AutoCloseable {
    private final Outbox outbox;
    private final String queue;
    private final List<Map<String, String>> delivered = new CopyOnWriteArrayList<>();
    private final OutboxRelay relay;
    private final RabbitTransport rabbit;
    private final com.rabbitmq.client.Connection consumerConnection;

    /**
     * Creates the tables and starts the relay, and with a broker the consumer.
     *
     * @param rabbitUri RabbitMQ's {@code amqp://} URI, or null to deliver in this process
     * @param queue the queue the events go to, declared here
     * @param out where the consumer prints the events it takes
     */
    TransferEvents(Database database, String rabbitUri, String queue, PrintStream out) throws IOException,
            TimeoutException, URISyntaxException, GeneralSecurityException {
        this.queue = queue;
        outbox = Outbox.of(database, "web_outbox");
        outbox.createTables();
        Transport transport;
        if (rabbitUri == null) {
            rabbit = null;
            consumerConnection = null;
            transport = messages -> messages.forEach(m ->
                    delivered.add(Map.of("event", new String(m.payload(), StandardCharsets.UTF_8))));
        } else {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(rabbitUri);
            consumerConnection = factory.newConnection("unitofwork-bank-events");
            Channel channel = consumerConnection.createChannel();
            channel.queueDeclare(queue, true, false, false, null);
            Inbox inbox = Inbox.of(database, "web_inbox");
            inbox.createTables();
            DeliverCallback print = (tag, message) -> {
                String event = new String(message.getBody(), StandardCharsets.UTF_8);
                String id = message.getProperties().getMessageId();
                database.run(session -> {
                    if (inbox.firstDelivery("printer", id)) {
                        out.println("event " + id + ": " + event);
                        delivered.add(Map.of("event", event));
                    }
                });
                // acknowledged once the unit that recorded it committed: a crash before redelivers it
                channel.basicAck(message.getEnvelope().getDeliveryTag(), false);
            };
            channel.basicConsume(queue, false, print, tag -> { });
            rabbit = RabbitTransport.builder(factory).build();
            transport = rabbit;
        }
        relay = outbox.relay(transport).pollInterval(Duration.ofMillis(500)).start();
    }

    /** Publishes a transfer's event in the unit active on this thread: it is sent only if the unit commits. */
    void transferred(long id, long from, long to, long amount) {
        outbox.publish(queue, Long.toString(from), "transfer " + id + " committed: " + amount + " from " + from + " to " + to);
    }

    /** The events delivered so far, in the order they arrived. */
    List<Map<String, String>> delivered() {
        return delivered;
    }

    @Override
    public void close() throws IOException {
        relay.close();
        if (rabbit != null) {
            rabbit.close();
            consumerConnection.abort(1000);
        }
    }
}
