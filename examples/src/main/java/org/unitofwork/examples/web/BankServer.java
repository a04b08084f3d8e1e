package org.unitofwork.examples.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.unitofwork.Boundary;
import org.unitofwork.Database;
import org.unitofwork.Session;

/**
 * The online use: a small JSON bank over HTTP, on the JDK's own HTTP server, where every request is
 * one unit of work. The response is written only after the unit has ended, so a client that gets a
 * 2xx knows its change is committed, and a request that fails leaves nothing behind. GET requests
 * run in read-only units. Each committed transfer emits an event from an {@code afterCommit} hook:
 * a refused transfer, rolled back, emits none.
 *
 * <pre>
 * POST /accounts   {"owner": "ann", "balance": 100}   → 201 {"id": 1}
 * GET  /accounts/1                                    → 200 {"id": 1, "owner": "ann", "balance": 100}
 * POST /transfers  {"from": 1, "to": 2, "amount": 30} → 201 {"id": 1}, 409 when it would overdraw
 * GET  /transfers                                     → 200 [{"id": 1, "from": 1, "to": 2, "amount": 30}]
 * GET  /events                                        → 200 [{"event": "transfer 1 committed: 30 from 1 to 2"}]
 * </pre>
 *
 * <p>Arguments: {@code [port [jdbcUrl [user [password]]]]}; port 8080 and embedded H2 by default.
 */
public final class BankServer implements AutoCloseable {
    private static final Boundary WRITE = Boundary.builder("BankServer.write").build();
    private static final Boundary READ = Boundary.builder("BankServer.read").readOnly(true).build();

    private final HttpServer server;
    private final ExecutorService workers;
    private final Bank bank;
    private final List<Map<String, ?>> events = new CopyOnWriteArrayList<>();

    private BankServer(int port, Runnable betweenDebitAndCredit) throws Exception {
        bank = WRITE.call(session -> new Bank(betweenDebitAndCredit));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        workers = Executors.newFixedThreadPool(16);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts the server on the {@linkplain Database#DEFAULT_NAME default} database.
     *
     * @param port the port to listen on, 0 for any free one
     * @return the running server
     * @throws Exception when the schema cannot be created or the port cannot be bound
     */
    public static BankServer start(int port) throws Exception {
        return new BankServer(port, () -> { });
    }

    static BankServer start(int port, Runnable betweenDebitAndCredit) throws Exception {
        return new BankServer(port, betweenDebitAndCredit);
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status;
        String response;
        try {
            Boundary unit = "GET".equals(method) ? READ : WRITE;
            Reply reply = unit.call(session -> route(method, path, body, session));
            status = reply.status;
            response = reply.body;
        } catch (BadRequestException e) {
            status = 400;
            response = error(e);
        } catch (NotFoundException e) {
            status = 404;
            response = error(e);
        } catch (InsufficientFundsException e) {
            status = 409;
            response = error(e);
        } catch (Exception e) {
            status = 500;
            response = error(e);
        }
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Reply route(String method, String path, String body, Session session) throws Exception {
        if ("POST".equals(method) && "/accounts".equals(path)) {
            Map<String, Object> request = Json.parseObject(body);
            long id = bank.open(text(request, "owner"), number(request, "balance"));
            return new Reply(201, Json.object(Map.of("id", id)));
        }
        if ("GET".equals(method) && path.startsWith("/accounts/")) {
            return new Reply(200, Json.object(bank.account(id(path.substring("/accounts/".length())))));
        }
        if ("POST".equals(method) && "/transfers".equals(path)) {
            Map<String, Object> request = Json.parseObject(body);
            long from = number(request, "from");
            long to = number(request, "to");
            long amount = number(request, "amount");
            long id = bank.transfer(from, to, amount);
            session.afterCommit(() -> events.add(Map.of("event",
                    "transfer " + id + " committed: " + amount + " from " + from + " to " + to)));
            return new Reply(201, Json.object(Map.of("id", id)));
        }
        if ("GET".equals(method) && "/transfers".equals(path)) {
            return new Reply(200, Json.array(bank.ledger()));
        }
        if ("GET".equals(method) && "/events".equals(path)) {
            return new Reply(200, Json.array(events));
        }
        throw new NotFoundException("no route for " + method + " " + path);
    }

    private static String error(Exception e) {
        return Json.object(Map.of("error", String.valueOf(e.getMessage())));
    }

    private static String text(Map<String, Object> request, String name) {
        Object value = request.get(name);
        if (!(value instanceof String)) {
            throw new BadRequestException("member \"" + name + "\" must be a string");
        }
        return (String) value;
    }

    private static long number(Map<String, Object> request, String name) {
        Object value = request.get(name);
        if (!(value instanceof Long)) {
            throw new BadRequestException("member \"" + name + "\" must be an integer");
        }
        return (Long) value;
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new NotFoundException("no account " + text);
        }
    }

    /** What a route answers; written to the client only after the unit has ended. */
    private static final class Reply {
        final int status;
        final String body;

        Reply(int status, String body) {
            this.status = status;
            this.body = body;
        }
    }

    /**
     * Runs the server until the process is stopped.
     *
     * @param args {@code [port [jdbcUrl [user [password]]]]}
     * @throws Exception when the database or the port is unavailable
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        Database.Builder database = Database.builder(args.length > 1 ? args[1] : "jdbc:h2:mem:web;DB_CLOSE_DELAY=-1");
        if (args.length > 2) {
            database.user(args[2]);
        }
        if (args.length > 3) {
            database.password(args[3]);
        }
        Database db = database.build();
        BankServer server = start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            db.close();
        }));
        System.out.println("Bank listening on http://127.0.0.1:" + server.port() + "/ (Ctrl-C to stop)");
    }
}
