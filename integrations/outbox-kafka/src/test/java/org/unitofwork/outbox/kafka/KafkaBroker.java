package org.unitofwork.outbox.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker started from Kafka's own artifacts ({@code kafka_2.13}) in a JVM of its
 * own, on free loopback ports, as {@code kafka-storage.sh format} and {@code kafka-server-start.sh} would;
 * it can be killed and started again on the same ports and data, and {@link #close()} removes it all. The
 * module's tests share {@linkplain #shared() one}.
 */
final class KafkaBroker implements AutoCloseable {
    private final Path dir;
    private final Path config;
    private final int port;
    private Process process;

    private KafkaBroker(Path dir, int port, int controllerPort) throws IOException {
        this.dir = dir;
        this.port = port;
        this.config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                ""));
    }

    private static KafkaBroker shared;

    /**
     * The broker the module's test classes share, started by the first that asks (and again if one left it
     * killed); it is removed when the JVM ends.
     */
    static synchronized KafkaBroker shared() throws IOException, InterruptedException {
        if (shared == null) {
            KafkaBroker broker = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    broker.close();
                } catch (IOException | InterruptedException e) {
                    System.err.println("the tests' Kafka broker in " + broker.dir + " was not removed: " + e);
                }
            }));
            shared = broker;
        } else if (!shared.process.isAlive()) {
            shared.startAgain();
        }
        return shared;
    }

    /** Formats a new broker's storage in a fresh directory and starts it. */
    private static KafkaBroker start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("uow-kafka-");
        KafkaBroker broker = new KafkaBroker(dir, freePort(), freePort());
        try {
            run(dir.resolve("format.log"), "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                    broker.config.toString());
            broker.startAgain();
            return broker;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            broker.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker on its ports and data; returns once it accepts connections. */
    void startAgain() throws IOException, InterruptedException {
        process = java(dir.resolve("broker.log"), "kafka.Kafka", config.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("the Kafka broker ended at start:\n" + tail());
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the Kafka broker did not listen on " + port + " within 60 s:\n" + tail());
                }
                Thread.sleep(100);
            }
        }
    }

    /** Kills the broker's JVM with SIGKILL, as a crash would. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("broker.log"), StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void run(Path log, String main, String... args) throws IOException, InterruptedException {
        Process p = java(log, main, args);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(main + " failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    private static Process java(Path log, String main, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                // the broker's JVM runs only briefly: the optimising compiler would cost more than it saves
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
