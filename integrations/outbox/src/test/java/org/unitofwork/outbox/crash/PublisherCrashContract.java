package org.unitofwork.outbox.crash;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unitofwork.Database;
import org.unitofwork.outbox.Transport;
import org.unitofwork.scenarios.TestDatabase;

/**
 * The publishing application in a forked JVM, killed with {@code kill -9} at random points, again and
 * again, with the server sessions of its units, of its relay, or of both killed in between
 * ({@code pg_terminate_backend}, MariaDB's {@code KILL}) and its broker failed once: afterwards every
 * committed unit's message has reached the broker, none of a unit that rolled back or never committed, each
 * key in order, duplicates only of batches a failure caught in flight, and the inbox turns them into one
 * effect. Each transport's crash test extends it with its broker.
 */
public abstract class PublisherCrashContract {
    private static final int ROUNDS = 6;

    /** Skips the test with a message when the broker is absent, or fails it where brokers are mandatory. */
    protected abstract void assumeBrokerAvailable();

    /**
     * How the application reaches the broker.
     *
     * @return a class with a no-argument constructor
     */
    protected abstract Class<? extends PublisherTransport> transport();

    /**
     * Where the broker is.
     *
     * @return its address, {@code host:port}
     */
    protected abstract String broker();

    /**
     * Creates the queue or topic the messages go to.
     *
     * @param destination its name
     * @throws Exception when it cannot be created
     */
    protected abstract void createDestination(String destination) throws Exception;

    /**
     * Deletes the queue or topic the messages went to.
     *
     * @param destination its name
     * @throws Exception when it cannot be deleted
     */
    protected abstract void deleteDestination(String destination) throws Exception;

    /**
     * Fails the broker under the running application's relay once, as a restart or a network failure would:
     * its connection closed, or the broker killed and started again. Returns once the broker is back.
     *
     * @param setup what the application works on
     * @return what it did, for the test's report
     * @throws Exception when the broker cannot be failed or does not come back
     */
    protected abstract String failBroker(CrashingPublisher.Setup setup) throws Exception;

    /**
     * Everything the destination holds, read from its beginning, in the order a consumer receives it.
     *
     * @param setup what the application worked on
     * @return the messages, duplicates included
     * @throws Exception when the broker cannot be read
     */
    protected abstract List<Delivery> receive(CrashingPublisher.Setup setup) throws Exception;

    /**
     * Whether the crash test runs on {@code database} in every build; on the others it runs with
     * {@code -D}{@value #EVERYWHERE}{@code =true}, as a long soak, to keep the build within its time.
     *
     * @param database a database the contract knows
     * @return true, unless a transport says otherwise
     */
    protected boolean runsInEveryBuildOn(TestDatabase database) {
        return true;
    }

    /** The system property that runs the crash test on every database, whatever the transport says. */
    public static final String EVERYWHERE = "unitofwork.outbox.crash.everywhere";

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void killedAtRandomPointsTheApplicationLosesNoCommittedMessageAndDeliversNoOther(TestDatabase database,
            @TempDir Path logs) throws Exception {
        assumeBrokerAvailable();
        database.assumeAvailable();
        assumeTrue(runsInEveryBuildOn(database) || Boolean.getBoolean(EVERYWHERE), getClass().getSimpleName() + " on "
                + database + " is a long soak: run it with -D" + EVERYWHERE + "=true");
        CrashingPublisher.Setup setup = CrashingPublisher.Setup.of(database, "crash", transport(), broker());
        try (Database db = database.build(TestDatabase.uniqueName("crash"), setup.url(), 4)) {
            createDestination(setup.destination());
            try {
                setup.createTables(db);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                // each could catch one of the relay's batches in flight: the kills, the relay's sessions killed
                // twice, the broker failed once
                int failures = ROUNDS + 3;
                String brokerFailure = "";
                for (int round = 0; round < ROUNDS; round++) {
                    Path log = logs.resolve("round-" + round + ".log");
                    int first = round * 1_000_000;
                    Process child = setup.start(log, first);
                    try {
                        Thread.sleep(random.nextLong(100, 1200));
                        if (round == 1 || round == 4) {
                            killSessions(setup, CrashingPublisher.PUBLISHER, first, log);
                        }
                        if (round == 2 || round == 4) {
                            killSessions(setup, CrashingPublisher.RELAY, first, log);
                        }
                        if (round == 3) {
                            brokerFailure = failBroker(setup);
                        }
                        if (round >= 1 && round <= 4) {
                            Thread.sleep(random.nextLong(100, 500));
                        }
                    } finally {
                        child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no relay close
                        assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the killed JVM did not end");
                    }
                }
                Transport transport = newTransport().open(broker(), TestDatabase.uniqueName("uow_crash_drain"));
                try {
                    Deliveries.drain(setup, db, transport);
                } finally {
                    if (transport instanceof AutoCloseable closeable) {
                        closeable.close();
                    }
                }
                System.out.println(database + ", " + ROUNDS + " kills, sessions killed 3 times, " + brokerFailure
                        + ": " + Deliveries.verify(setup, db, receive(setup), failures));
            } finally {
                deleteDestination(setup.destination());
                setup.dropTables();
            }
        }
    }

    private PublisherTransport newTransport() throws ReflectiveOperationException {
        var constructor = transport().getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }

    /**
     * Kills, from the server's side, the live sessions the {@code role} pool of the publishing JVM that started
     * from unit {@code first} opened, as an administrator or a failover would.
     */
    private static void killSessions(CrashingPublisher.Setup setup, String role, int first, Path log)
            throws SQLException {
        // a liveness bound, not a timing assumption: on a loaded machine the publishing JVM may not have
        // opened the role's pool yet when the round's first pause ends
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int killed = 0;
        try (java.sql.Connection c = setup.database().connect(setup.url());
                PreparedStatement s = c.prepareStatement(setup.database() == TestDatabase.POSTGRES
                        ? "select pg_terminate_backend(pid) from pg_stat_activity where application_name = ?"
                        : "select session_id from " + setup.sessionsTable() + " s where role = ? and exists"
                                + " (select 1 from information_schema.processlist where id = s.session_id)")) {
            s.setString(1, setup.database() == TestDatabase.POSTGRES ? setup.applicationName(role, first) : role);
            while (killed == 0 && System.nanoTime() < deadline) {
                List<Long> sessions = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (setup.database() == TestDatabase.POSTGRES) {
                            killed += rs.getBoolean(1) ? 1 : 0;
                        } else {
                            sessions.add(rs.getLong(1));
                        }
                    }
                }
                for (long session : sessions) {
                    try {
                        setup.database().kill(setup.url(), session);
                        killed++;
                    } catch (SQLException endedMeanwhile) {
                        // the pool closed it since
                    }
                }
                if (killed == 0) {
                    Thread.sleep(50);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the " + role + "'s sessions", e);
        }
        if (killed == 0) {
            fail("no live session of the publishing JVM's " + role + " to kill within 30 s; the JVM's output:\n"
                    + tail(log));
        }
    }

    private static String tail(Path log) {
        try {
            String out = Files.readString(log);
            return out.length() <= 8000 ? out : "…" + out.substring(out.length() - 8000);
        } catch (IOException e) {
            return "(" + log + " cannot be read: " + e + ")";
        }
    }
}
