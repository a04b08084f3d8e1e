package org.unitofwork.outbox.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.unitofwork.Database;
import org.unitofwork.outbox.Inbox;
import org.unitofwork.outbox.Outbox;
import org.unitofwork.outbox.OutboxRelay;
import org.unitofwork.scenarios.TestDatabase;

/**
 * The publishing application in a forked JVM, killed with {@code kill -9} at random points, again and
 * again, with its database connections killed and its broker connection closed in between: afterwards
 * every committed unit's message has reached RabbitMQ, none of a unit that rolled back or never
 * committed, each key in order, and the inbox turns the duplicates the crashes made into one effect.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class PublisherCrashTest {
    private static final int ROUNDS = 6;
    private static final String APPLICATION = "uow_outbox_crash";

    @Test
    void killedAtRandomPointsTheApplicationLosesNoCommittedMessageAndDeliversNoOther(@TempDir Path logs)
            throws Exception {
        RabbitBroker.assumeAvailable();
        TestDatabase.POSTGRES.assumeAvailable();
        String url = TestDatabase.POSTGRES.newUrl();
        String outboxTable = TestDatabase.uniqueName("crash_outbox");
        String workTable = TestDatabase.uniqueName("crash_work");
        String inboxTable = TestDatabase.uniqueName("crash_inbox");
        String queue = TestDatabase.uniqueName("uow_crash");
        String connectionName = TestDatabase.uniqueName("uow_crash_relay");
        String childUrl = url + "?ApplicationName=" + APPLICATION + "_" + outboxTable;
        try (Database db = TestDatabase.POSTGRES.build(TestDatabase.uniqueName("crash"), url, 4);
                Connection rabbit = RabbitBroker.factory().newConnection("unitofwork-outbox-crash-test")) {
            Channel channel = rabbit.createChannel();
            channel.queueDeclare(queue, true, false, false, null);
            Outbox outbox = Outbox.of(db, outboxTable);
            Inbox inbox = Inbox.of(db, inboxTable);
            try {
                outbox.createTables();
                inbox.createTables();
                try (java.sql.Connection c = TestDatabase.POSTGRES.connect(url); Statement s = c.createStatement()) {
                    s.execute("create table " + workTable + " (n int primary key)");
                }
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int round = 0; round < ROUNDS; round++) {
                    Process child = fork(logs.resolve("round-" + round + ".log"), childUrl, outboxTable, workTable, queue,
                            round * 1_000_000, connectionName);
                    try {
                        Thread.sleep(random.nextLong(100, 1200));
                        if (round == 2) {
                            killDatabaseSessions(url, APPLICATION + "_" + outboxTable);
                            Thread.sleep(random.nextLong(100, 500));
                        } else if (round == 4) {
                            RabbitBroker.closeConnections(connectionName);
                            Thread.sleep(random.nextLong(100, 500));
                        }
                    } finally {
                        child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no relay close
                        assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the killed JVM did not end");
                    }
                }
                // the application is restarted once more, and its relay finishes what the dead ones left
                try (RabbitTransport transport = RabbitTransport.builder(RabbitBroker.factory()).build();
                        OutboxRelay relay = outbox.relay(transport).pollInterval(Duration.ofMillis(100)).start()) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (outbox.backlog().messages() > 0) {
                        assertTrue(System.nanoTime() < deadline, "not drained: " + outbox.backlog() + ", relay failures "
                                + relay.failures());
                        Thread.sleep(20);
                    }
                }
                verify(db, inbox, channel, queue, committed(url, workTable));
            } finally {
                channel.queueDelete(queue);
                TestDatabase.POSTGRES.dropTable(url, outboxTable);
                TestDatabase.POSTGRES.dropTable(url, workTable);
                TestDatabase.POSTGRES.dropTable(url, inboxTable);
            }
        }
    }

    private static Process fork(Path log, String url, String outboxTable, String workTable, String queue, int first,
            String connectionName) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashingPublisher.class.getName(), url, outboxTable, workTable, queue, Integer.toString(first),
                connectionName).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null && !line.equals("publishing")) {
            seen.append(line).append('\n');
        }
        if (line == null) {
            throw new AssertionError("the publishing JVM ended before it published:\n" + seen);
        }
        // drain its output, or it blocks once the pipe is full
        Thread drain = new Thread(() -> {
            try {
                Files.copy(process.getInputStream(), log);
            } catch (java.io.IOException e) {
                // the JVM was killed mid-write
            }
        });
        drain.setDaemon(true);
        drain.start();
        return process;
    }

    private static void killDatabaseSessions(String url, String applicationName) throws Exception {
        try (java.sql.Connection c = TestDatabase.POSTGRES.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                        + " where application_name = '" + applicationName + "'")) {
            rs.next();
            assertTrue(rs.getInt(1) > 0, "no database session of the publishing JVM to kill");
        }
    }

    private static Set<Integer> committed(String url, String workTable) throws Exception {
        Set<Integer> committed = new HashSet<>();
        try (java.sql.Connection c = TestDatabase.POSTGRES.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select n from " + workTable)) {
            while (rs.next()) {
                committed.add(rs.getInt(1));
            }
        }
        return committed;
    }

    private static void verify(Database db, Inbox inbox, Channel channel, String queue, Set<Integer> committed)
            throws Exception {
        assertTrue(committed.size() > ROUNDS, "the killed JVMs committed only " + committed.size() + " units");
        List<Integer> arrived = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        GetResponse r;
        while ((r = channel.basicGet(queue, true)) != null) {
            arrived.add(Integer.parseInt(new String(r.getBody(), StandardCharsets.UTF_8)));
            ids.add(r.getProps().getMessageId());
        }
        Set<Integer> distinct = new HashSet<>(arrived);
        for (int n : committed) {
            assertTrue(distinct.contains(n), "unit " + n + " committed and its message was lost");
        }
        for (int n : distinct) {
            assertTrue(committed.contains(n), "unit " + n + " did not commit and its message was delivered");
        }
        Map<String, Integer> lastFirstArrival = new HashMap<>();
        Set<Integer> counted = new HashSet<>();
        for (int n : arrived) {
            if (counted.add(n)) {
                String key = "k" + (n % CrashingPublisher.KEYS);
                Integer previous = lastFirstArrival.put(key, n);
                assertTrue(previous == null || previous < n, key + ": " + n + " arrived after " + previous);
            }
        }
        int effects = 0;
        for (String id : ids) {
            Boolean first = db.call(session -> inbox.firstDelivery("ledger", id));
            effects += first ? 1 : 0;
        }
        assertEquals(committed.size(), effects, "the inbox let " + effects + " of " + arrived.size()
                + " deliveries take effect");
        System.out.println(ROUNDS + " kills: " + committed.size() + " committed units, " + arrived.size()
                + " deliveries (" + (arrived.size() - committed.size()) + " duplicates)");
    }
}
