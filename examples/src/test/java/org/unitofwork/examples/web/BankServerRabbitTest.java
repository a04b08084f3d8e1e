package org.unitofwork.examples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.Database;

/**
 * The web example with RabbitMQ at 127.0.0.1:5672: a committed transfer's event goes through the outbox
 * to the queue and its consumer prints it; a refused one publishes nothing. Skipped when the broker is
 * absent, unless {@code UNITOFWORK_REQUIRE_DATABASES=true}.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class BankServerRabbitTest {
    private static final String RABBIT = "amqp://guest:guest@127.0.0.1:5672";

    @Test
    void committedTransfersArePrintedByTheConsumerAndRefusedOnesAreNot() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(RABBIT);
        factory.setConnectionTimeout(2000);
        String queue = "bank_transfers_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = connect(factory);
                Database db = Database.builder("jdbc:h2:mem:web_rabbit_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                        .build()) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
                    BankServer server = BankServer.start(0, () -> { }, RABBIT, queue, out)) {
                HttpClient http = HttpClient.newHttpClient();
                long ann = id(post(http, server, "/accounts", "{\"owner\": \"ann\", \"balance\": 100}"));
                long bob = id(post(http, server, "/accounts", "{\"owner\": \"bob\", \"balance\": 0}"));
                String transfer = "{\"from\": " + ann + ", \"to\": " + bob + ", \"amount\": ";
                assertEquals(201, post(http, server, "/transfers", transfer + "30}").statusCode());
                assertEquals(409, post(http, server, "/transfers", transfer + "500}").statusCode());
                assertEquals(201, post(http, server, "/transfers", transfer + "20}").statusCode());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (printed.toString(StandardCharsets.UTF_8).lines().count() < 2) {
                    assertTrue(System.nanoTime() < deadline, "printed: " + printed);
                    Thread.sleep(10);
                }
                Thread.sleep(200); // the refused transfer's event, were there one, would be printed by now
                String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
                assertEquals(2, lines.length, printed.toString(StandardCharsets.UTF_8));
                assertTrue(lines[0].endsWith(": transfer 1 committed: 30 from " + ann + " to " + bob), lines[0]);
                assertTrue(lines[1].endsWith(": transfer 3 committed: 20 from " + ann + " to " + bob), lines[1]);
            } finally {
                Channel cleanup = admin.createChannel();
                cleanup.queueDelete(queue);
            }
        }
    }

    private static Connection connect(ConnectionFactory factory) {
        try {
            return factory.newConnection("unitofwork-bank-test");
        } catch (Exception e) {
            String message = "RabbitMQ is not reachable at 127.0.0.1:5672 (" + e + ")";
            if (Boolean.parseBoolean(System.getenv("UNITOFWORK_REQUIRE_DATABASES"))) {
                Assertions.fail(message + "; UNITOFWORK_REQUIRE_DATABASES=true makes this a failure.");
            }
            Assumptions.abort(message + ": skipping. Set UNITOFWORK_REQUIRE_DATABASES=true to make this a failure.");
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> post(HttpClient http, BankServer server, String path, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long id(HttpResponse<String> response) {
        assertEquals(201, response.statusCode(), response.body());
        return Long.parseLong(response.body().replaceAll("[^0-9]", ""));
    }
}
