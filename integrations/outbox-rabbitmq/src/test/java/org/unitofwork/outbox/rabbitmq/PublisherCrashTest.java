package org.unitofwork.outbox.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unitofwork.Database;
import org.unitofwork.outbox.Inbox;
import org.unitofwork.outbox.Outbox;
import org.unitofwork.scenarios.TestDatabase;

/**
 * The publishing application in a forked JVM, killed with {@code kill -9} at random points, again and
 * again, with the server sessions of its units, of its relay, or of both killed in between
 * ({@code pg_terminate_backend}, MariaDB's {@code KILL}) and its broker connection closed: afterwards every
 * committed unit's message has reached RabbitMQ, none of a unit that rolled back or never committed, each
 * key in order, duplicates only of batches a failure caught in flight, and the inbox turns them into one
 * effect.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class PublisherCrashTest {
    private static final int ROUNDS = 6;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void killedAtRandomPointsTheApplicationLosesNoCommittedMessageAndDeliversNoOther(TestDatabase database,
            @TempDir Path logs) throws Exception {
        RabbitBroker.assumeAvailable();
        database.assumeAvailable();
        String url = database.newUrl();
        CrashingPublisher.Setup setup = new CrashingPublisher.Setup(database, url,
                TestDatabase.uniqueName("crash_outbox"), TestDatabase.uniqueName("crash_work"),
                TestDatabase.uniqueName("crash_sessions"), TestDatabase.uniqueName("uow_crash"), RabbitBroker.PORT,
                TestDatabase.uniqueName("uow_crash_relay"));
        String inboxTable = TestDatabase.uniqueName("crash_inbox");
        try (Database db = database.build(TestDatabase.uniqueName("crash"), url, 4);
                Connection rabbit = RabbitBroker.factory().newConnection("unitofwork-outbox-crash-test")) {
            Channel channel = rabbit.createChannel();
            channel.queueDeclare(setup.queue(), true, false, false, null);
            Outbox outbox = Outbox.of(db, setup.outboxTable());
            Inbox inbox = Inbox.of(db, inboxTable);
            try {
                createTables(setup, outbox, inbox);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                // each could catch one of the relay's batches in flight: the kills, the relay's sessions killed
                // twice, its broker connection closed once
                int failures = ROUNDS + 3;
                for (int round = 0; round < ROUNDS; round++) {
                    Process child = setup.start(logs.resolve("round-" + round + ".log"), round * 1_000_000);
                    try {
                        Thread.sleep(random.nextLong(100, 1200));
                        if (round == 1 || round == 4) {
                            killSessions(setup, CrashingPublisher.PUBLISHER);
                        }
                        if (round == 2 || round == 4) {
                            killSessions(setup, CrashingPublisher.RELAY);
                        }
                        if (round == 3) {
                            RabbitBroker.closeConnections(setup.connectionName());
                        }
                        if (round >= 1 && round <= 4) {
                            Thread.sleep(random.nextLong(100, 500));
                        }
                    } finally {
                        child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no relay close
                        assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the killed JVM did not end");
                    }
                }
                try (RabbitTransport transport = RabbitTransport.builder(RabbitBroker.factory()).build()) {
                    Deliveries.drain(outbox, transport);
                }
                System.out.println(database + ", " + ROUNDS + " kills, sessions killed 3 times, broker connection"
                        + " closed once: " + Deliveries.verify(setup, db, inbox, channel, failures));
            } finally {
                channel.queueDelete(setup.queue());
                for (String table : List.of(setup.outboxTable(), setup.workTable(), setup.sessionsTable(), inboxTable)) {
                    database.dropTable(url, table);
                }
            }
        }
    }

    static void createTables(CrashingPublisher.Setup setup, Outbox outbox, Inbox inbox) throws SQLException {
        outbox.createTables();
        inbox.createTables();
        try (java.sql.Connection c = setup.database().connect(setup.url()); Statement s = c.createStatement()) {
            s.execute("create table " + setup.workTable() + " (n int primary key)");
            s.execute("create table " + setup.sessionsTable() + " (session_id bigint, role varchar(20))");
        }
    }

    /**
     * Kills, from the server's side, the live sessions the publishing JVM's {@code role} pool opened, as an
     * administrator or a failover would.
     */
    private static void killSessions(CrashingPublisher.Setup setup, String role) throws SQLException {
        String live = setup.database() == TestDatabase.POSTGRES
                ? "select 1 from pg_stat_activity where pid = s.session_id and application_name = '"
                        + CrashingPublisher.APPLICATION + "'"
                : "select 1 from information_schema.processlist where id = s.session_id";
        List<Long> sessions = new ArrayList<>();
        try (java.sql.Connection c = setup.database().connect(setup.url());
                PreparedStatement s = c.prepareStatement("select session_id from " + setup.sessionsTable()
                        + " s where role = ? and exists (" + live + ")")) {
            s.setString(1, role);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    sessions.add(rs.getLong(1));
                }
            }
        }
        int killed = 0;
        for (long session : sessions) {
            try {
                setup.database().kill(setup.url(), session);
                killed++;
            } catch (SQLException endedMeanwhile) {
                // MariaDB: the pool closed it since
            }
        }
        assertTrue(killed > 0, "no live session of the publishing JVM's " + role + " to kill");
    }
}
