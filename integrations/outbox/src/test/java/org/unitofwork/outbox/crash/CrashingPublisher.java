package org.unitofwork.outbox.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.unitofwork.Database;
import org.unitofwork.outbox.Inbox;
import org.unitofwork.outbox.Outbox;
import org.unitofwork.scenarios.TestDatabase;

/**
 * The application the crash tests kill: from unit number {@code first} on, each unit records its number in
 * the work table and publishes it, every seventh rolling back, while a relay in the same JVM delivers to the
 * broker through the transport its {@link PublisherTransport} opens; it runs until it is killed. The units
 * and the relay use pools of their own, whose server sessions a test can tell apart and kill: on PostgreSQL
 * by their application name ({@link Setup#applicationName}), on MariaDB, which shows none, by the session id
 * and role ({@value #PUBLISHER} or {@value #RELAY}) each physical connection enters in the sessions table.
 */
public final class CrashingPublisher {
    /** How many keys the units' messages are spread over: unit {@code n} publishes under {@code "k" + n % KEYS}. */
    public static final int KEYS = 4;
    /** The relay's batch size: a failure catches at most this many messages in flight. */
    public static final int BATCH = 20;
    /** The role of the units' connections. */
    public static final String PUBLISHER = "publisher";
    /** The role of the relay's connections. */
    public static final String RELAY = "relay";

    private CrashingPublisher() {
    }

    /**
     * What the application works on, and where the test finds what it did.
     *
     * @param database PostgreSQL or MariaDB
     * @param url the database's URL
     * @param outboxTable the outbox
     * @param workTable the units' work: {@code (n int primary key)}
     * @param sessionsTable on MariaDB, the connections' sessions: {@code (session_id bigint, role varchar(20))}
     * @param inboxTable the test's consumer's inbox
     * @param destination the queue or topic the messages go to
     * @param transport the {@link PublisherTransport} class the application opens its transport with
     * @param broker the broker's address, {@code host:port}
     * @param client the name of the relay's broker connection
     */
    public record Setup(TestDatabase database, String url, String outboxTable, String workTable, String sessionsTable,
            String inboxTable, String destination, String transport, String broker, String client) {

        /**
         * A setup on new, uniquely named tables and destination, named after {@code prefix}; nothing is created.
         *
         * @param database PostgreSQL or MariaDB
         * @param prefix what the names begin with
         * @param transport how the application reaches the broker
         * @param broker the broker's address, {@code host:port}
         * @return the setup
         */
        public static Setup of(TestDatabase database, String prefix, Class<? extends PublisherTransport> transport,
                String broker) {
            return new Setup(database, database.newUrl(), TestDatabase.uniqueName(prefix + "_outbox"),
                    TestDatabase.uniqueName(prefix + "_work"), TestDatabase.uniqueName(prefix + "_sessions"),
                    TestDatabase.uniqueName(prefix + "_inbox"), TestDatabase.uniqueName("uow_" + prefix),
                    transport.getName(), broker, TestDatabase.uniqueName("uow_" + prefix + "_relay"));
        }

        /**
         * Creates the outbox, the inbox, the work and the sessions tables.
         *
         * @param db a pool on the database
         * @throws SQLException when one cannot be created
         */
        public void createTables(Database db) throws SQLException {
            Outbox.of(db, outboxTable).createTables();
            Inbox.of(db, inboxTable).createTables();
            try (java.sql.Connection c = database.connect(url); Statement s = c.createStatement()) {
                s.execute("create table " + workTable + " (n int primary key)");
                s.execute("create table " + sessionsTable + " (session_id bigint, role varchar(20))");
            }
        }

        /**
         * Drops the tables {@link #createTables} created.
         *
         * @throws SQLException when one cannot be dropped
         */
        public void dropTables() throws SQLException {
            for (String table : List.of(outboxTable, workTable, sessionsTable, inboxTable)) {
                database.dropTable(url, table);
            }
        }

        /**
         * Starts the application in a JVM of its own, from unit {@code first}; returns once it publishes, and
         * kills it when it does not within 60 seconds.
         *
         * @param log where the JVM's output goes once it publishes
         * @param first the number of its first unit
         * @return the JVM
         * @throws IOException when it cannot be started
         * @throws InterruptedException when the test is interrupted while it waits
         */
        public Process start(Path log, int first) throws IOException, InterruptedException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    CrashingPublisher.class.getName(), database.name(), url, outboxTable, workTable, sessionsTable,
                    inboxTable, destination, transport, broker, client, Integer.toString(first))
                    .redirectErrorStream(true).start();
            CompletableFuture<Boolean> publishing = new CompletableFuture<>();
            StringBuilder seen = new StringBuilder();
            // reads up to "publishing", then copies the rest to the log: drained, or it blocks once the pipe is full
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null && !line.equals("publishing")) {
                        synchronized (seen) {
                            seen.append(line).append('\n');
                        }
                    }
                    publishing.complete(line != null);
                    if (line != null) {
                        Files.copy(process.getInputStream(), log);
                    }
                } catch (IOException e) {
                    publishing.complete(false); // the JVM was killed mid-write
                }
            });
            reader.setDaemon(true);
            reader.start();
            boolean published;
            try {
                published = publishing.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                published = false;
            }
            if (!published) {
                process.destroyForcibly();
                synchronized (seen) {
                    throw new AssertionError("the publishing JVM did not publish within 60 s, or ended before:\n"
                            + seen);
                }
            }
            return process;
        }

        /**
         * On PostgreSQL, the application name of the sessions of {@code role}'s pool in the JVM that starts
         * from unit {@code first}: unique to this setup and that JVM, so that only its sessions are killed, not
         * another test's nor those of the JVM killed before it while they end, and read live from the server,
         * where a recorded process id could by then belong to another process.
         *
         * @param role {@value #PUBLISHER} or {@value #RELAY}
         * @param first the number of the JVM's first unit, as given to {@link #start}
         * @return the name
         */
        public String applicationName(String role, int first) {
            return "uow_crash_" + role + sessionsTable.substring(sessionsTable.lastIndexOf('_')) + "_" + first;
        }

        Database pool(String role, int size, int first) {
            if (database == TestDatabase.POSTGRES) {
                return database.builder(url + "?ApplicationName=" + applicationName(role, first))
                        .name("crashing-" + role).poolSize(size).build();
            }
            return database.builder(url).name("crashing-" + role).poolSize(size).configure(config -> {
                config.setConnectionInitSql("insert into " + sessionsTable + " (session_id, role) values"
                        + " (connection_id(), '" + role + "')");
                // commits the registration at once instead of with the connection's first unit
                config.setIsolateInternalQueries(true);
            }).build();
        }
    }

    /**
     * Runs the application until it is killed.
     *
     * @param args the {@link Setup}'s components in order, then the number of the first unit
     * @throws Exception when it cannot start
     */
    public static void main(String[] args) throws Exception {
        Setup setup = new Setup(TestDatabase.valueOf(args[0]), args[1], args[2], args[3], args[4], args[5], args[6],
                args[7], args[8], args[9]);
        int first = Integer.parseInt(args[10]);
        Database db = setup.pool(PUBLISHER, 4, first);
        Database relayDb = setup.pool(RELAY, 2, first);
        Outbox outbox = Outbox.of(db, setup.outboxTable());
        var constructor = Class.forName(setup.transport()).asSubclass(PublisherTransport.class)
                .getDeclaredConstructor();
        constructor.setAccessible(true);
        PublisherTransport transport = constructor.newInstance();
        // a short lease, so that the next JVM takes over what this one held soon after it dies
        Outbox.of(relayDb, setup.outboxTable()).relay(transport.open(setup.broker(), setup.client())).batchSize(BATCH)
                .lease(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100))
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).start();
        System.out.println("publishing");
        System.out.flush();
        for (int i = first; ; i++) {
            int n = i;
            try {
                db.run(session -> {
                    try (PreparedStatement s = session.connection().prepareStatement("insert into "
                            + setup.workTable() + " (n) values (?)")) {
                        s.setInt(1, n);
                        s.executeUpdate();
                    }
                    outbox.publish(setup.destination(), "k" + (n % KEYS), Integer.toString(n));
                    if (n % 7 == 0) {
                        throw new IllegalStateException("unit " + n + " rolls back");
                    }
                });
            } catch (RuntimeException e) {
                // rolled back on purpose, or its database connection was killed: the work table says which
                // units committed
            }
            // leaves the machine's two cores to the relay, the database and a restarting broker
            Thread.sleep(1);
        }
    }
}
