package org.unitofwork.outbox.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.unitofwork.scenarios.TestDatabase;

/**
 * A RabbitMQ node of a test's own, which it may stop and start again at will: {@code rabbitmq-server}
 * with its own node name, AMQP, distribution and epmd ports on free loopback ports, its data, logs, Erlang
 * cookie and configuration in a directory of the test, and no plugins. The shared broker at
 * 127.0.0.1:5672 is never touched. {@link #close()} stops the node and its epmd; the directory is the
 * test's to remove.
 */
final class PrivateRabbitNode implements AutoCloseable {
    private static final long START_SECONDS = 90;
    private static final long STOP_SECONDS = 30;

    private final Path dir;
    private final Path bin;
    private final String node;
    private final int port;
    private final int epmdPort;
    private final Map<String, String> environment;
    private Process process;

    private PrivateRabbitNode(Path dir, Path bin) throws IOException {
        this.dir = dir;
        this.bin = bin;
        this.node = TestDatabase.uniqueName("uow_rabbit") + "@localhost";
        this.port = freePort();
        this.epmdPort = freePort();
        int distributionPort = freePort();
        Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.local = 127.0.0.1:" + port + "\n");
        // empty: the machine's own rabbitmq-env.conf and enabled plugins would name its shared node and ports
        Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
        Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        this.environment = Map.ofEntries(
                Map.entry("HOME", dir.toString()), // the Erlang cookie, shared by the node and rabbitmqctl
                Map.entry("RABBITMQ_NODENAME", node),
                Map.entry("RABBITMQ_DIST_PORT", Integer.toString(distributionPort)),
                Map.entry("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString()),
                Map.entry("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString()),
                Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString()),
                Map.entry("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString()),
                Map.entry("RABBITMQ_LOG_BASE", dir.resolve("log").toString()),
                Map.entry("ERL_EPMD_PORT", Integer.toString(epmdPort)),
                Map.entry("ERL_EPMD_ADDRESS", "127.0.0.1"));
    }

    /**
     * Starts a new node in {@code dir}; skips the calling test when {@code rabbitmq-server} is not
     * installed, or fails it when {@value TestDatabase#REQUIRE_SWITCH} is {@code true}.
     */
    static PrivateRabbitNode start(Path dir) throws IOException, InterruptedException {
        Path bin = installation().orElse(null);
        if (bin == null) {
            String message = "rabbitmq-server is not installed (not on the PATH, nor in /usr/sbin or"
                    + " /usr/lib/rabbitmq/bin): a test that restarts a RabbitMQ node of its own cannot run";
            if (Boolean.parseBoolean(System.getenv(TestDatabase.REQUIRE_SWITCH))) {
                Assertions.fail(message + "; " + TestDatabase.REQUIRE_SWITCH + "=true makes this a failure. Install"
                        + " the rabbitmq-server package.");
            }
            Assumptions.abort(message + ": skipping. Set " + TestDatabase.REQUIRE_SWITCH + "=true to make this a"
                    + " failure.");
        }
        PrivateRabbitNode started = new PrivateRabbitNode(dir, bin);
        try {
            started.startAgain();
            return started;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            started.close();
            throw e;
        }
    }

    /**
     * Where the scripts are: {@code rabbitmq-server}'s directory, through its links. Debian's wrapper,
     * which switches to the {@code rabbitmq} user and its shared files, is passed over for the script it
     * wraps.
     */
    private static Optional<Path> installation() throws IOException {
        List<Path> places = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                places.add(Path.of(dir));
            }
        }
        places.add(Path.of("/usr/sbin"));
        places.add(Path.of("/usr/lib/rabbitmq/bin"));
        for (Path place : places) {
            Path script = place.resolve("rabbitmq-server");
            if (Files.isExecutable(script)) {
                Path real = script.toRealPath().getParent();
                if (Files.isExecutable(real.resolve("rabbitmq-server")) && Files.isExecutable(real.resolve("rabbitmqctl"))) {
                    return Optional.of(real);
                }
            }
        }
        return Optional.empty();
    }

    /** A factory for the node, giving up quickly as {@link RabbitBroker#factory()} does. */
    ConnectionFactory factory() {
        ConnectionFactory factory = RabbitBroker.factory();
        factory.setPort(port);
        return factory;
    }

    int port() {
        return port;
    }

    /** Starts the node on its ports and data; returns once it accepts AMQP connections. */
    void startAgain() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(bin.resolve("rabbitmq-server").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
        configure(builder);
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("RabbitMQ node " + node + " ended at start:\n" + tail());
            }
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("RabbitMQ node " + node + " did not listen on 127.0.0.1:" + port + " within "
                            + START_SECONDS + " seconds:\n" + tail());
                }
                Thread.sleep(100);
            }
        }
    }

    /** Stops the node as an operator would ({@code rabbitmqctl stop}); returns once its process has ended. */
    void stop() throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            run(bin.resolve("rabbitmqctl").toString(), "-n", node, "stop");
        } finally {
            if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                kill();
                throw new IOException("RabbitMQ node " + node + " did not stop within " + STOP_SECONDS
                        + " seconds of rabbitmqctl stop; killed it");
            }
        }
    }

    /** Stops the node and its epmd. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stop();
        } finally {
            kill();
            // the node started an epmd of its own on its port, which outlives it
            try {
                ProcessBuilder builder = new ProcessBuilder("epmd", "-port", Integer.toString(epmdPort), "-kill")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                Process p = builder.start();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (IOException noEpmd) {
                // not on the PATH: the node never started one
            }
        }
    }

    private void kill() {
        if (process != null) {
            try (Stream<ProcessHandle> children = process.descendants()) {
                children.forEach(ProcessHandle::destroyForcibly);
            }
            process.destroyForcibly();
        }
    }

    private void configure(ProcessBuilder builder) {
        Map<String, String> env = builder.environment();
        // the caller's own RabbitMQ and Erlang settings would point the node elsewhere
        env.keySet().removeIf(name -> name.startsWith("RABBITMQ_") || name.startsWith("ERL_"));
        env.putAll(environment);
        builder.directory(dir.toFile());
    }

    private void run(String... command) throws IOException, InterruptedException {
        Path log = dir.resolve("rabbitmqctl.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        configure(builder);
        Process p = builder.start();
        if (!p.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not end within " + STOP_SECONDS + " seconds");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("server.log"), StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return "RabbitMQ node " + node + " on 127.0.0.1:" + port;
    }
}
