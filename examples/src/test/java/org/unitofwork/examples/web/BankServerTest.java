package org.unitofwork.examples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.Database;

/**
 * The web example driven by real HTTP requests: one unit per request. Bodies are compared as JSON
 * trees, member by member, whatever the spacing the server writes.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class BankServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<Runnable> midTransfer = new AtomicReference<>(() -> { });
    private Database db;
    private BankServer server;

    @BeforeEach
    void start() throws Exception {
        db = Database.builder("jdbc:h2:mem:web_test_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1").poolSize(8).build();
        server = BankServer.start(0, () -> midTransfer.get().run());
    }

    @AfterEach
    void stop() {
        server.close();
        db.close();
    }

    @Test
    void aRefusedTransferLeavesNothingBehindAndEmitsNoEvent() throws Exception {
        long ann = open("ann", 100);
        long bob = open("bob", 0);
        HttpResponse<String> refused = post("/transfers", "{\"from\": " + ann + ", \"to\": " + bob + ", \"amount\": 150}");
        assertEquals(409, refused.statusCode(), refused.body());
        assertJson("{\"error\": \"account " + ann + " cannot pay 150\"}", refused.body());
        assertJson("[]", get("/transfers").body(), "the ledger row of the refused transfer was rolled back");
        assertEquals(100, balance(ann));
        assertEquals(0, balance(bob));
        assertJson("[]", get("/events").body());
        assertEquals(400, post("/transfers", "{\"from\": " + ann + "}").statusCode());
        assertEquals(404, get("/accounts/999").statusCode());
        assertEquals(0, db.activeConnections());
    }

    @Test
    void concurrentTransfersCommitExactlyWhatTheyAcknowledge() throws Exception {
        long ann = open("ann", 100);
        long bob = open("bob", 0);
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            responses.add(http.sendAsync(request("/transfers")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"from\": " + ann + ", \"to\": " + bob + ", \"amount\": 5}"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        int committed = 0;
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            int status = response.get().statusCode();
            assertTrue(status == 201 || status == 409, status + ": " + response.get().body());
            if (status == 201) {
                committed++;
            }
        }
        assertEquals(20, committed, "exactly the transfers the money covers are acknowledged");
        assertEquals(0, balance(ann));
        assertEquals(100, balance(bob));
        assertEquals(committed, count(get("/transfers").body(), "\"amount\""));
        assertEquals(committed, count(events(committed), "committed"));
        assertEquals(0, db.activeConnections());
    }

    @Test
    void aRequestNeverSeesAnotherRequestsUncommittedWork() throws Exception {
        long ann = open("ann", 100);
        long bob = open("bob", 0);
        CountDownLatch debited = new CountDownLatch(1);
        CountDownLatch looked = new CountDownLatch(1);
        midTransfer.set(() -> {
            debited.countDown();
            try {
                looked.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<HttpResponse<String>> transfer = http.sendAsync(request("/transfers")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\": " + ann + ", \"to\": " + bob + ", \"amount\": 30}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(debited.await(10, TimeUnit.SECONDS));
        assertEquals(100, balance(ann), "the debit is not committed yet: nobody else may see it");
        assertJson("[]", get("/events").body());
        looked.countDown();
        assertEquals(201, transfer.get().statusCode());
        assertEquals(70, balance(ann));
        assertEquals(30, balance(bob));
        assertJson("[{\"event\": \"transfer 1 committed: 30 from " + ann + " to " + bob + "\"}]", events(1));
    }

    @Test
    void getSlashListsTheRoutesAndAnUnknownRouteSaysWhereToLook() throws Exception {
        HttpResponse<String> routes = get("/");
        assertEquals(200, routes.statusCode(), routes.body());
        JsonNode list = JSON.readTree(routes.body());
        assertEquals(BankServlet.ROUTES.size(), list.size(), routes.body());
        for (int i = 0; i < list.size(); i++) {
            assertEquals(BankServlet.ROUTES.get(i).method(), list.get(i).get("method").asText());
            assertEquals(BankServlet.ROUTES.get(i).path(), list.get(i).get("path").asText());
        }
        HttpResponse<String> unknown = get("/nowhere");
        assertEquals(404, unknown.statusCode());
        assertJson("{\"error\": \"no route for GET /nowhere; GET / lists the routes\"}", unknown.body());
    }

    private static void assertJson(String expected, String actual) throws Exception {
        assertJson(expected, actual, "");
    }

    private static void assertJson(String expected, String actual, String message) throws Exception {
        assertEquals(JSON.readTree(expected), JSON.readTree(actual), message + " — body: " + actual);
    }

    private long open(String owner, long balance) throws Exception {
        HttpResponse<String> response = post("/accounts", "{\"owner\": \"" + owner + "\", \"balance\": " + balance + "}");
        assertEquals(201, response.statusCode(), response.body());
        return Long.parseLong(response.body().replaceAll("\\D", ""));
    }

    private long balance(long account) throws Exception {
        HttpResponse<String> response = get("/accounts/" + account);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        List<String> members = new ArrayList<>();
        body.fieldNames().forEachRemaining(members::add);
        assertEquals(List.of("id", "owner", "balance"), members, response.body());
        assertEquals(account, body.get("id").longValue(), response.body());
        assertTrue(body.get("balance").isIntegralNumber(), response.body());
        return body.get("balance").longValue();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * {@code GET /events} once it lists {@code expected} events: they arrive through the outbox's relay,
     * woken by the transfer's commit, a moment after the response.
     */
    private String events(int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String body = get("/events").body();
            if (count(body, "committed") >= expected || System.nanoTime() > deadline) {
                return body;
            }
            Thread.sleep(10);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
