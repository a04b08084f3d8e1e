package org.unitofwork.outbox.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.unitofwork.Database;
import org.unitofwork.outbox.Outbox;
import org.unitofwork.scenarios.TestDatabase;

/**
 * The application {@link PublisherCrashTest} kills: from unit number {@code first} on, each unit records
 * its number in the work table and publishes it, every seventh rolling back, while a relay in the same JVM
 * delivers to RabbitMQ; it runs until it is killed. Arguments: database URL, outbox table, work table,
 * queue, first unit number, name of its broker connection.
 */
public final class CrashingPublisher {
    static final int KEYS = 4;

    private CrashingPublisher() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String outboxTable = args[1];
        String workTable = args[2];
        String queue = args[3];
        int first = Integer.parseInt(args[4]);
        Database db = TestDatabase.POSTGRES.builder(url).name("crashing").poolSize(4).build();
        Outbox outbox = Outbox.of(db, outboxTable);
        ConnectionFactory factory = RabbitBroker.factory();
        factory.getClientProperties().put("connection_name", args[5]);
        // a short lease, so that the next JVM takes over what this one held soon after it dies
        outbox.relay(RabbitTransport.builder(factory).build()).batchSize(20).lease(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(100)).retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .start();
        System.out.println("publishing");
        System.out.flush();
        for (int i = first; ; i++) {
            int n = i;
            try {
                db.run(session -> {
                    try (PreparedStatement s = session.connection().prepareStatement("insert into " + workTable
                            + " (n) values (?)")) {
                        s.setInt(1, n);
                        s.executeUpdate();
                    }
                    outbox.publish(queue, "k" + (n % KEYS), Integer.toString(n));
                    if (n % 7 == 0) {
                        throw new IllegalStateException("unit " + n + " rolls back");
                    }
                });
            } catch (RuntimeException e) {
                // rolled back on purpose, or its database connection was killed: the work table says which
                // units committed
            }
        }
    }
}
