package org.unitofwork.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.unitofwork.scenarios.TestDatabase;

/**
 * A PostgreSQL cluster of the test's own, for what must never be done to the shared server on 5432:
 * restarts, configuration changes, a synchronous standby that never answers, a streaming replica.
 * {@link #start()} runs {@code initdb} in a temporary directory and starts the server on a free
 * loopback port (trust authentication, database {@code test}, user {@code postgres}, fsync off);
 * {@link #close()} stops it and deletes everything, and a shutdown hook does the same when a run
 * ends without closing it. Starting takes about a second: share one cluster per test class
 * ({@code @BeforeAll} / {@code @AfterAll}).
 *
 * <p>The server binaries are those under {@code /usr/lib/postgresql/<version>/bin} (the newest
 * version), or under the directory the environment variable {@value #BINARIES_SWITCH} names. Where
 * there are none, {@link #start()} skips the calling test, saying so, or fails it when {@value
 * TestDatabase#REQUIRE_SWITCH}{@code =true}. PostgreSQL refuses to run as root: as root, every server
 * command runs as the {@code postgres} OS user ({@code runuser -u postgres}), which owns the
 * temporary directory.
 *
 * <p>Limits: a JVM killed outright ({@code kill -9}) leaves the server running and its directory in
 * the temporary directory; the port is found free just before the server takes it, which another
 * process could in principle take first.
 */
public final class PrivateCluster implements AutoCloseable {
    /** Environment variable naming the directory of {@code initdb}, {@code pg_ctl} and friends. */
    public static final String BINARIES_SWITCH = "UNITOFWORK_PG_BIN";
    /** The database every cluster has, beside {@code postgres}. */
    public static final String DATABASE = "test";
    /** The superuser, trusted on loopback without a password. */
    public static final String USER = "postgres";
    private static final String OS_USER = "postgres";
    private static final long READY_TIMEOUT_SECONDS = 60;

    /** How the server stops: {@code pg_ctl -m fast} or {@code -m immediate}. */
    public enum StopMode {
        /** Sessions are ended (with {@code 57P01}), open transactions rolled back, then a clean shutdown. */
        FAST,
        /** The server stops at once without a clean shutdown, as a crash would; it recovers on start. */
        IMMEDIATE
    }

    private final Path binaries;
    /** The temporary directory this cluster owns: deleted on close. For a replica, its own data directory. */
    private final Path home;
    private final Path dataDirectory;
    private final Path socketDirectory;
    private final int port;
    private final PrivateCluster primary;
    private final List<PrivateCluster> replicas = new ArrayList<>();
    private final Thread cleanUpAtExit;
    private boolean running;
    private boolean closed;

    private PrivateCluster(Path binaries, Path home, Path dataDirectory, Path socketDirectory, int port,
            PrivateCluster primary) {
        this.binaries = binaries;
        this.home = home;
        this.dataDirectory = dataDirectory;
        this.socketDirectory = socketDirectory;
        this.port = port;
        this.primary = primary;
        this.cleanUpAtExit = new Thread(this::cleanUpAtExit, "private-cluster-cleanup-" + port);
        Runtime.getRuntime().addShutdownHook(cleanUpAtExit);
    }

    /**
     * Creates and starts a cluster, or skips the calling test when PostgreSQL's server binaries are
     * absent (fails it instead when {@value TestDatabase#REQUIRE_SWITCH}{@code =true}).
     *
     * @return the running cluster, with database {@value #DATABASE}
     */
    public static PrivateCluster start() {
        Path binaries = binariesOrSkip();
        Path home = null;
        PrivateCluster cluster = null;
        try {
            home = Files.createTempDirectory("unitofwork-pg-");
            giveToServerUser(home);
            Path data = home.resolve("data");
            run(binaries, home, "initdb", "-D", data.toString(), "-A", "trust", "-U", USER, "-E", "UTF8", "--no-sync");
            int port = freePort();
            Files.writeString(data.resolve("postgresql.conf"), String.join("\n",
                    "",
                    "# unitofwork PrivateCluster: small and fast, on loopback only",
                    "listen_addresses = '127.0.0.1'",
                    "port = " + port,
                    "unix_socket_directories = '" + home + "'",
                    "fsync = off",
                    "full_page_writes = off",
                    "shared_buffers = 16MB",
                    "max_connections = 60",
                    "wal_level = replica",
                    "max_wal_senders = 4",
                    "hot_standby = on",
                    "log_min_messages = warning",
                    ""), StandardOpenOption.APPEND);
            cluster = new PrivateCluster(binaries, home, data, home, port, null);
            cluster.startServer();
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "");
                    Statement s = admin.createStatement()) {
                s.execute("create database " + DATABASE);
            }
            return cluster;
        } catch (IOException | SQLException | RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            } else if (home != null) {
                deleteQuietly(home);
            }
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new IllegalStateException("could not create a private PostgreSQL cluster"
                    + (home != null ? " in " + home : "") + ": " + e.getMessage(), e);
        }
    }

    /** {@return the JDBC URL of database {@value #DATABASE} on this cluster} */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** {@return the loopback port the server listens on} */
    public int port() {
        return port;
    }

    /** {@return whether this cluster is a streaming replica of another} */
    public boolean isReplica() {
        return primary != null;
    }

    /**
     * Opens a connection outside any pool, in auto-commit mode, to database {@value #DATABASE}.
     *
     * @return the connection; the caller closes it
     * @throws SQLException when the server cannot be reached
     */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    /**
     * Runs statements one by one in auto-commit mode, each in its own transaction.
     *
     * @param sql the statements
     * @throws IllegalStateException when one fails; the message quotes it
     */
    public void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                try {
                    s.execute(statement);
                } catch (SQLException e) {
                    throw new IllegalStateException("private cluster on port " + port + " refused `" + statement + "`: "
                            + e.getMessage(), e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(cannotReach(e), e);
        }
    }

    /**
     * Runs a query and returns the first column of its first row as text.
     *
     * @param sql the query
     * @return the value, or null when the query returns no row or null
     * @throws IllegalStateException when the query fails
     */
    public String queryValue(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("private cluster on port " + port + " could not answer `" + sql + "`: "
                    + e.getMessage(), e);
        }
    }

    /** Starts the server again after {@link #stop(StopMode)}; returns once it accepts connections. */
    public synchronized void startServer() {
        checkOpen();
        if (!running) {
            pgCtl("start", "-l", log().toString(), "-w", "-t", String.valueOf(READY_TIMEOUT_SECONDS));
            running = true;
        }
    }

    /**
     * Stops the server; returns once it is down.
     *
     * @param mode how: {@link StopMode#FAST} ends sessions cleanly, {@link StopMode#IMMEDIATE} as a crash
     */
    public synchronized void stop(StopMode mode) {
        if (running) {
            pgCtl("stop", "-m", mode.name().toLowerCase(java.util.Locale.ROOT), "-w", "-t",
                    String.valueOf(READY_TIMEOUT_SECONDS));
            running = false;
        }
    }

    /**
     * Stops and starts the server; returns once it accepts connections again. Every session open
     * before is gone (with {@code 57P01} for a fast stop).
     *
     * @param mode how the server stops
     */
    public synchronized void restart(StopMode mode) {
        stop(mode);
        startServer();
        if (primary != null) {
            awaitStreaming();
        }
    }

    /** {@return whether the server is running (as this object started or stopped it)} */
    public synchronized boolean isRunning() {
        return running;
    }

    /**
     * Makes every commit that writes wait for a synchronous standby called {@code name} that never
     * connects: such commits are applied locally (the write-ahead log is flushed and the transaction
     * marked committed) and then block until {@link #noSynchronousStandby()}, or until their wait is
     * cancelled, with a warning, by a cancel request or the session's end. Read-only commits do not wait.
     *
     * @param name the standby's {@code application_name}; nothing by that name ever connects
     */
    public void synchronousStandby(String name) {
        execute("alter system set synchronous_standby_names = '" + name.replace("'", "''") + "'",
                "select pg_reload_conf()");
        awaitSetting("synchronous_standby_names", name);
    }

    /** Removes the synchronous standby: commits waiting for it finish. */
    public void noSynchronousStandby() {
        execute("alter system reset synchronous_standby_names", "select pg_reload_conf()");
        awaitSetting("synchronous_standby_names", "");
    }

    /**
     * Creates a real hot standby of this cluster ({@code pg_basebackup -R}, streaming replication) on
     * another free loopback port, starts it and returns once it streams and has replayed everything
     * this cluster had written. {@link #close()} of either closes the replica.
     *
     * @return the running replica; {@link #url()} reads it, writes there fail (25006)
     */
    public synchronized PrivateCluster streamingReplica() {
        checkOpen();
        if (primary != null) {
            throw new IllegalStateException("make replicas of the primary, not of a replica");
        }
        Path data = home.resolve("replica-" + (replicas.size() + 1));
        int replicaPort = freePort();
        run(binaries, home, "pg_basebackup", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, "-D",
                data.toString(), "-R", "-X", "stream", "-c", "fast", "--no-sync");
        try {
            Files.writeString(data.resolve("postgresql.conf"), "\nport = " + replicaPort + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PrivateCluster replica = new PrivateCluster(binaries, data, data, socketDirectory, replicaPort, this);
        replicas.add(replica);
        replica.startServer();
        replica.awaitStreaming();
        return replica;
    }

    /**
     * On a replica: waits until it has replayed everything its primary has written so far.
     *
     * @throws IllegalStateException when it has not within a minute; the message has the server's log
     */
    public void awaitReplayed() {
        if (primary == null) {
            throw new IllegalStateException("only a replica replays; this is a primary");
        }
        String written = primary.queryValue("select pg_current_wal_lsn()");
        awaitTrue("select pg_last_wal_replay_lsn() >= '" + written + "'::pg_lsn",
                "the replica on port " + port + " did not replay up to " + written);
    }

    /** {@return the end of the server's log, for failure messages} */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server (and its replicas) at once and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        for (PrivateCluster replica : new ArrayList<>(replicas)) {
            replica.close();
        }
        try {
            stopQuietly();
        } finally {
            closed = true;
            deleteQuietly(home);
            if (primary != null) {
                primary.replicas.remove(this);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUpAtExit);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook itself is running
            }
        }
    }

    @Override
    public String toString() {
        return (primary == null ? "PrivateCluster" : "PrivateCluster replica") + " 127.0.0.1:" + port + " in " + home;
    }

    private void awaitStreaming() {
        awaitTrue("select pg_is_in_recovery() and exists (select 1 from pg_stat_wal_receiver where status = 'streaming')",
                "the replica on port " + port + " does not stream from its primary");
        awaitReplayed();
    }

    private void awaitSetting(String name, String value) {
        awaitTrue("select current_setting('" + name + "') = '" + value.replace("'", "''") + "'",
                "the server on port " + port + " did not take " + name + " = '" + value + "'");
    }

    /** Polls a condition the server evaluates, up to a minute: for the server's own pace, not a measurement. */
    private void awaitTrue(String condition, String failure) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        String last = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                last = queryValue(condition);
                if ("t".equals(last)) {
                    return;
                }
            } catch (IllegalStateException e) {
                last = e.getMessage();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(failure + ": interrupted while waiting", e);
            }
        }
        throw new IllegalStateException(failure + " within " + READY_TIMEOUT_SECONDS + " s (last: " + last + "). Log:\n"
                + logTail());
    }

    private Path log() {
        return home.resolve(primary == null ? "server.log" : "replica.log");
    }

    private void pgCtl(String... arguments) {
        String[] command = new String[arguments.length + 3];
        command[0] = "pg_ctl";
        command[1] = "-D";
        command[2] = dataDirectory.toString();
        System.arraycopy(arguments, 0, command, 3, arguments.length);
        try {
            run(binaries, home, command);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\nServer log:\n" + logTail(), e);
        }
    }

    private void stopQuietly() {
        if (running) {
            try {
                stop(StopMode.IMMEDIATE);
            } catch (RuntimeException e) {
                // closing: the directory goes anyway
            }
        }
    }

    private void cleanUpAtExit() {
        synchronized (this) {
            if (!closed) {
                stopQuietly();
                deleteQuietly(home);
                closed = true;
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed: start a new one");
        }
    }

    /**
     * Runs a server binary (as the {@code postgres} OS user when this JVM runs as root), with its
     * output in a file of {@code home}; throws with that output when it fails.
     */
    private static void run(Path binaries, Path home, String... command) {
        List<String> line = new ArrayList<>();
        if (runsAsRoot()) {
            line.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        line.add(binaries.resolve(command[0]).toString());
        line.addAll(List.of(command).subList(1, command.length));
        Path output = home.resolve("command.out");
        try {
            Process process = new ProcessBuilder(line).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(READY_TIMEOUT_SECONDS * 2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", line) + " did not finish within "
                        + READY_TIMEOUT_SECONDS * 2 + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed with exit code " + process.exitValue()
                        + ":\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", line), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", line), e);
        }
    }

    /** The directory of the server binaries, or a skip (a failure when databases are required). */
    private static Path binariesOrSkip() {
        String why;
        Path found = findBinaries();
        if (found == null) {
            why = "no PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) under /usr/lib/postgresql/*/bin"
                    + " or in " + BINARIES_SWITCH;
        } else if (runsAsRoot() && !userExists(OS_USER)) {
            why = "running as root, but there is no OS user '" + OS_USER + "' to run the PostgreSQL server as";
        } else {
            return found;
        }
        String message = "A private PostgreSQL cluster cannot be created: " + why;
        if (Boolean.parseBoolean(System.getenv(TestDatabase.REQUIRE_SWITCH))) {
            Assertions.fail(message + "; " + TestDatabase.REQUIRE_SWITCH + "=true makes this a failure."
                    + " Install the PostgreSQL server package, or set " + BINARIES_SWITCH + ".");
        }
        Assumptions.abort(message + ": skipping. Set " + TestDatabase.REQUIRE_SWITCH + "=true to make this a failure.");
        return null;
    }

    private static Path findBinaries() {
        String configured = System.getenv(BINARIES_SWITCH);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return hasServerBinaries(p) ? p : null;
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(PrivateCluster::hasServerBinaries)
                    .max(Comparator.comparingInt(PrivateCluster::majorVersion)).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean hasServerBinaries(Path bin) {
        return Stream.of("initdb", "pg_ctl", "postgres", "pg_basebackup").allMatch(b -> Files.isExecutable(bin.resolve(b)));
    }

    private static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean userExists(String name) {
        try {
            Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void giveToServerUser(Path directory) throws IOException {
        if (runsAsRoot()) {
            UserPrincipal owner = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
            Files.setOwner(directory, owner);
        }
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private String cannotReach(SQLException e) {
        return "private cluster on port " + port + " cannot be reached: " + e.getMessage() + ". Log:\n" + logTail();
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: what is left is in the temporary directory
        }
    }
}
