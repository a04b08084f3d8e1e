package org.unitofwork.outbox.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.unitofwork.Database;
import org.unitofwork.outbox.crash.CrashingPublisher;
import org.unitofwork.outbox.crash.Deliveries;
import org.unitofwork.scenarios.TestDatabase;

/**
 * The broker restarted while the relay delivers, twice, with the publishing application killed with
 * {@code kill -9} after each restart: on a RabbitMQ node of the test's own, stopped with {@code rabbitmqctl
 * stop} and started again on the same data, while the application keeps committing. Afterwards every
 * committed unit's message is in the durable queue, none of another unit, each key in order, duplicates
 * only of batches the failures caught in flight, and the inbox turns them into one effect.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BrokerRestartTest {
    private static final int RESTARTS = 2;

    @Test
    void theBrokerRestartedDuringDeliveryLosesNoCommittedMessage(@TempDir Path dir) throws Exception {
        TestDatabase database = TestDatabase.POSTGRES;
        database.assumeAvailable();
        Path logs = Files.createDirectories(dir.resolve("logs"));
        try (PrivateRabbitNode node = PrivateRabbitNode.start(Files.createDirectories(dir.resolve("rabbit")))) {
            CrashingPublisher.Setup setup = CrashingPublisher.Setup.of(database, "restart",
                    RabbitPublisherTransport.class, "127.0.0.1:" + node.port());
            try (Database db = database.build(TestDatabase.uniqueName("restart"), setup.url(), 4)) {
                try {
                    setup.createTables(db);
                    try (Connection rabbit = node.factory().newConnection("unitofwork-outbox-restart-test")) {
                        rabbit.createChannel().queueDeclare(setup.destination(), true, false, false, null);
                    }
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long down = 0;
                    for (int round = 0; round < RESTARTS; round++) {
                        long queued = queued(node, setup.destination(), -1);
                        Process child = setup.start(logs.resolve("round-" + round + ".log"), round * 1_000_000);
                        try {
                            queued(node, setup.destination(), queued);
                            Thread.sleep(random.nextLong(0, 500));
                            long stopped = System.nanoTime();
                            node.stop();
                            Thread.sleep(random.nextLong(200, 1000)); // the application commits on
                            node.startAgain();
                            down += System.nanoTime() - stopped;
                            Thread.sleep(random.nextLong(300, 1500)); // its relay catches up: killed while it does
                        } finally {
                            child.destroyForcibly();
                            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the killed JVM did not end");
                        }
                    }
                    assertTrue(failedDeliveries(setup) > 0, "no delivery failed: the restarts did not reach the relay");
                    try (RabbitTransport transport = RabbitTransport.builder(node.factory()).build()) {
                        Deliveries.drain(setup, db, transport);
                    }
                    try (Connection rabbit = node.factory().newConnection("unitofwork-outbox-restart-test")) {
                        Channel channel = rabbit.createChannel();
                        try {
                            // each restart and each kill could catch one batch in flight
                            System.out.println(RESTARTS + " broker restarts (down " + TimeUnit.NANOSECONDS.toMillis(down)
                                    + " ms in all) and kills: " + Deliveries.verify(setup, db,
                                            Queued.take(channel, setup.destination()), 2 * RESTARTS));
                        } finally {
                            channel.queueDelete(setup.destination());
                        }
                    }
                } finally {
                    setup.dropTables();
                }
            }
        }
    }

    /** How many messages the queue holds, once it holds more than {@code beyond}: waits for the relay to deliver. */
    private static long queued(PrivateRabbitNode node, String queue, long beyond) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection rabbit = node.factory().newConnection("unitofwork-outbox-restart-probe")) {
            Channel channel = rabbit.createChannel();
            long count;
            while ((count = channel.queueDeclarePassive(queue).getMessageCount()) <= beyond) {
                assertTrue(System.nanoTime() < deadline, "the relay delivered nothing to " + node + " within 30 s");
                Thread.sleep(20);
            }
            return count;
        }
    }

    /** How many messages saw a delivery fail: those the broker's restarts caught. */
    private static int failedDeliveries(CrashingPublisher.Setup setup) throws Exception {
        try (java.sql.Connection c = setup.database().connect(setup.url()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + setup.outboxTable() + " where attempts > 0")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
