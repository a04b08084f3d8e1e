package org.unitofwork.outbox.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.unitofwork.scenarios.TestDatabase;

/**
 * The RabbitMQ server of every development and CI machine, at 127.0.0.1:5672 (guest/guest). A test is
 * skipped with a message when it is absent, unless {@value TestDatabase#REQUIRE_SWITCH} is {@code true}
 * (as in CI), which makes it fail: the switch that makes the database servers mandatory makes the broker
 * mandatory too.
 */
final class RabbitBroker {
    static final String HOST = "127.0.0.1";
    static final int PORT = 5672;

    private RabbitBroker() {
    }

    /** A factory for the broker that gives up quickly, so that a test waits for nothing that is not there. */
    static ConnectionFactory factory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setConnectionTimeout(2000);
        factory.setHandshakeTimeout(2000);
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    static void assumeAvailable() {
        try (Connection c = factory().newConnection("unitofwork-outbox-test-probe")) {
            c.isOpen();
        } catch (Exception e) {
            String message = "RabbitMQ is not reachable at " + HOST + ":" + PORT + " (" + e + ")";
            if (Boolean.parseBoolean(System.getenv(TestDatabase.REQUIRE_SWITCH))) {
                Assertions.fail(message + "; " + TestDatabase.REQUIRE_SWITCH + "=true makes this a failure. Start it"
                        + " with rabbitmq-server -detached.");
            }
            Assumptions.abort(message + ": skipping. Set " + TestDatabase.REQUIRE_SWITCH + "=true to make this a"
                    + " failure.");
        }
    }

    /**
     * Closes, from the broker's side, every connection whose name is {@code name}, as a broker restart or a
     * network failure would; returns how many it closed. Waits up to 20 seconds for such a connection to be
     * open: a client that has only just started may not have connected yet.
     */
    static int closeConnections(String name) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (;;) {
            // the name a client gives its connection is among its client properties
            String listing = rabbitmqctl("-q", "list_connections", "pid", "client_properties");
            int closed = 0;
            for (String line : listing.split("\n")) {
                String[] columns = line.trim().split("\t");
                if (columns.length == 2 && columns[1].contains("\"" + name + "\"")) {
                    rabbitmqctl("close_connection", columns[0], "closed by a test of the outbox");
                    closed++;
                }
            }
            if (closed > 0) {
                return closed;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no connection named " + name + " among the broker's within 20 seconds:\n"
                        + listing);
            }
            Thread.sleep(100);
        }
    }

    private static String rabbitmqctl(String... arguments) throws IOException, InterruptedException {
        String[] command = new String[arguments.length + 1];
        command[0] = "rabbitmqctl";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("rabbitmqctl did not answer within 30 seconds: " + String.join(" ", command));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + output);
        }
        return output;
    }
}
