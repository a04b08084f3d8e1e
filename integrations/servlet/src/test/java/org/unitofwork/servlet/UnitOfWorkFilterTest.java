package org.unitofwork.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.unitofwork.Database;
import org.unitofwork.PropagationException;
import org.unitofwork.Session;
import org.unitofwork.scenarios.TestDatabase;

/**
 * {@link UnitOfWorkFilter} in a real servlet container (embedded Jetty) on H2, called over HTTP.
 * Every request also checks, on the container's thread, that no unit was left behind and no
 * connection is still borrowed (see {@link WebApp#send}).
 */
class UnitOfWorkFilterTest {
    private static final TestDatabase H2 = TestDatabase.H2;

    private String url;
    private Database db;
    private WebApp app;

    @BeforeEach
    void setUp() throws SQLException {
        url = H2.newUrl();
        // one connection: every request reuses it, so state left on it would show in the next request
        db = H2.builder(url).name(TestDatabase.uniqueName("web")).poolSize(1)
                .configure(c -> c.setConnectionTimeout(2_000)).build();
        H2.createTable(url, "items");
        app = new WebApp(db);
    }

    @AfterEach
    void tearDown() throws Exception {
        app.close();
        db.close();
    }

    private UnitOfWorkFilter.Builder filter() {
        return UnitOfWorkFilter.builder().database(db.name());
    }

    /** Inserts a row in the request's unit: the servlet of most tests. */
    private void insert(int id) throws SQLException {
        try (Statement s = Session.current(db.name()).connection().createStatement()) {
            s.executeUpdate("insert into items values (" + id + ", 'request')");
        }
    }

    private int rows() throws SQLException {
        try (Connection c = H2.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from items")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private boolean hasUnit() {
        return WebApp.hasUnit(db);
    }

    @Test
    void commitsWhenTheServletReturns() throws Exception {
        app.filter(filter().build()).servlet("/rows", (request, response) -> {
            insert(1);
            insert(2);
            response.getWriter().print("inserted");
        }).start();

        HttpResponse<String> response = app.send("POST", "/rows");

        assertEquals(200, response.statusCode());
        assertEquals("inserted", response.body());
        assertEquals(2, rows());
    }

    @ParameterizedTest
    @ValueSource(strings = {"runtime", "servlet", "io", "error"})
    void rollsBackWhenTheServletThrowsAndTheContainerGetsTheSameException(String kind) throws Exception {
        Map<String, Supplier<Throwable>> kinds = Map.of(
                "runtime", () -> new IllegalStateException("refused"),
                "servlet", () -> new ServletException("refused"),
                "io", () -> new IOException("refused"),
                "error", () -> new AssertionError("refused"));
        Throwable thrown = kinds.get(kind).get();
        app.filter(filter().build()).servlet("/rows", (request, response) -> {
            insert(1);
            throw thrown;
        }).start();

        HttpResponse<String> response = app.send("POST", "/rows");

        assertEquals(500, response.statusCode());
        assertSame(thrown, app.lastObservation().thrown(), "the container must get the servlet's own exception");
        assertEquals(0, thrown.getSuppressed().length, "a clean rollback adds nothing to the exception");
        assertEquals(0, rows());
    }

    @Test
    void rollsBackWhenTheServletSendsAServerErrorWithoutThrowing() throws Exception {
        app.filter(filter().build())
                .servlet("/send-error", (request, response) -> {
                    insert(1);
                    response.sendError(500, "could not finish");
                })
                .servlet("/unavailable", (request, response) -> {
                    insert(2);
                    response.setStatus(503);
                    response.getWriter().print("try later");
                }).start();

        assertEquals(500, app.send("POST", "/send-error").statusCode());
        assertEquals(503, app.send("POST", "/unavailable").statusCode());

        assertEquals(0, rows());
        assertNull(app.lastObservation().thrown(), "the filter rolls back without throwing");
    }

    @Test
    void commitsOnAClientError() throws Exception {
        app.filter(filter().build()).servlet("/rows", (request, response) -> {
            insert(1); // say, an audit row of a refused request
            response.sendError(409, "conflict");
        }).start();

        assertEquals(409, app.send("POST", "/rows").statusCode());

        assertEquals(1, rows());
    }

    @Test
    void commitsOnAServerErrorWhenRollbackOnServerErrorIsOff() throws Exception {
        app.filter(filter().rollbackOnServerError(false).build()).servlet("/rows", (request, response) -> {
            insert(1);
            response.sendError(500);
        }).start();

        assertEquals(500, app.send("POST", "/rows").statusCode());

        assertEquals(1, rows());
    }

    @Test
    void safeMethodsRunInAReadOnlyUnitAndTheConnectionIsReadWriteAgainAfterwards() throws Exception {
        app.filter(filter().build())
                .servlet("/mode", (request, response) -> response.getWriter()
                        .print("readOnly=" + Session.current(db.name()).connection().isReadOnly()))
                .servlet("/write", (request, response) -> {
                    insert(1); // H2 does not enforce read-only connections: the write is rolled back with the unit
                    db.run(session -> insert(2)); // a read-write boundary cannot join the read-only unit
                }).start();

        for (String method : List.of("GET", "OPTIONS", "TRACE")) {
            assertEquals("readOnly=true", app.send(method, "/mode").body(), method);
        }
        assertEquals(200, app.send("HEAD", "/mode").statusCode());
        assertEquals("readOnly=false", app.send("POST", "/mode").body());
        assertEquals("readOnly=false", app.send("PUT", "/mode").body());

        assertEquals(500, app.send("GET", "/write").statusCode());
        assertInstanceOf(PropagationException.class, app.lastObservation().thrown());
        assertEquals(0, rows());

        assertEquals(200, app.send("POST", "/write").statusCode());
        assertEquals(2, rows());
        assertEquals("readOnly=true", app.send("GET", "/mode").body());
    }

    @Test
    void readOnlyMethodsCanBeSwitchedOff() throws Exception {
        app.filter(filter().readOnlyMethods().build()).servlet("/rows", (request, response) -> {
            insert(1);
            response.getWriter().print("readOnly=" + Session.current(db.name()).connection().isReadOnly());
        }).start();

        assertEquals("readOnly=false", app.send("GET", "/rows").body());
        assertEquals(1, rows());
    }

    @Test
    void requestsOutsideTheIncludedPathsOrInsideTheExcludedOnesRunWithoutAUnit() throws Exception {
        app.filter(filter().include("/api/*", "*.do").exclude("/api/health").build())
                .servlet("/*", (request, response) -> response.getWriter().print(hasUnit() ? "unit" : "none"))
                .start();

        assertEquals("unit", app.send("GET", "/api").body());
        assertEquals("unit", app.send("GET", "/api/accounts/7").body());
        assertEquals("unit", app.send("POST", "/legacy/save.do").body());
        assertEquals("none", app.send("GET", "/api/health").body());
        assertEquals("none", app.send("GET", "/apix").body());
        assertEquals("none", app.send("GET", "/static/app.js").body());
    }

    @Test
    void aPredicateDecidesToo() throws Exception {
        app.filter(filter().exclude("/static/*").when(request -> request.getHeader("X-Batch") == null).build())
                .servlet("/*", (request, response) -> response.getWriter().print(hasUnit() ? "unit" : "none"))
                .start();

        assertEquals("unit", app.send("GET", "/orders").body());
        assertEquals("none", app.send(app.requestBuilder("GET", "/orders").header("X-Batch", "1").build()).body());
        assertEquals("none", app.send("GET", "/static/app.js").body());
    }

    @Test
    void initParamsChooseThePathsTheMethodsAndTheServerErrorRuleOfAFilterTheContainerMakes() throws Exception {
        app.filterWithInitParams(Map.of(
                        UnitOfWorkFilter.DATABASE, db.name(),
                        UnitOfWorkFilter.INCLUDE, "/api/*",
                        UnitOfWorkFilter.EXCLUDE, " /api/health,\n /api/static/* ",
                        UnitOfWorkFilter.READ_ONLY_METHODS, "",
                        UnitOfWorkFilter.ROLLBACK_ON_SERVER_ERROR, "false"))
                .servlet("/*", (request, response) -> {
                    if (!hasUnit()) {
                        response.getWriter().print("none");
                        return;
                    }
                    insert(1);
                    response.getWriter().print(describeUnit());
                    response.setStatus(500);
                }).start();

        assertEquals("none", app.send("GET", "/api/health").body());
        assertEquals("none", app.send("GET", "/api/static/x.css").body());
        assertEquals("none", app.send("GET", "/other").body());
        HttpResponse<String> response = app.send("GET", "/api/items");
        assertEquals(500, response.statusCode());
        assertEquals("readOnly=false isolation=" + Connection.TRANSACTION_READ_COMMITTED + " queryTimeout=0",
                response.body(), "empty readOnlyMethods: every method read-write");
        assertEquals(1, rows(), "rollbackOnServerError=false commits");
    }

    @Test
    void initParamsSetTheIsolationAndTheDeadline() throws Exception {
        app.filterWithInitParams(Map.of(UnitOfWorkFilter.DATABASE, db.name(),
                        UnitOfWorkFilter.ISOLATION, "SERIALIZABLE", UnitOfWorkFilter.TIMEOUT_SECONDS, "30"))
                .servlet("/*", (request, response) -> response.getWriter().print(describeUnit())).start();

        String serializable = "isolation=" + Connection.TRANSACTION_SERIALIZABLE;
        assertEquals("readOnly=true " + serializable + " queryTimeout=30", app.send("GET", "/items").body());
        assertEquals("readOnly=false " + serializable + " queryTimeout=30", app.send("POST", "/items").body());
    }

    /** What the request's unit gives its statements; the deadline rounded up to whole seconds. */
    private String describeUnit() throws SQLException {
        Connection c = Session.current(db.name()).connection();
        try (Statement s = c.createStatement()) {
            return "readOnly=" + c.isReadOnly() + " isolation=" + c.getTransactionIsolation()
                    + " queryTimeout=" + s.getQueryTimeout();
        }
    }

    @Test
    void aForwardJoinsTheRequestsUnit() throws Exception {
        app.filter(filter().build())
                .servlet("/first", (request, response) -> {
                    insert(1);
                    request.setAttribute("session", Session.current(db.name()));
                    request.getRequestDispatcher("/second").forward(request, response);
                })
                .servlet("/second", (request, response) -> {
                    insert(2);
                    response.getWriter().print(request.getAttribute("session") == Session.current(db.name())
                            ? "same unit" : "another unit");
                    if (request.getParameter("fail") != null) {
                        throw new IllegalStateException("second half failed");
                    }
                }).start();

        assertEquals("same unit", app.send("POST", "/first").body());
        assertEquals(2, rows());

        db.run(session -> session.connection().createStatement().execute("delete from items"));
        assertEquals(500, app.send("POST", "/first?fail").statusCode());
        assertEquals(0, rows(), "a failure after the forward rolls back the work before it");
    }

    @Test
    void anAsyncRequestCommitsItsRequestThreadWorkAndItsContinuationOpensItsOwnUnits() throws Exception {
        CountDownLatch requestThreadDone = new CountDownLatch(1);
        AtomicReference<String> continuationSaw = new AtomicReference<>();
        app.filter(filter().build()).servlet("/async", (request, response) -> {
            insert(1);
            AsyncContext async = request.startAsync();
            async.start(() -> {
                try {
                    assertTrue(requestThreadDone.await(10, TimeUnit.SECONDS));
                    continuationSaw.set(hasUnit() ? "a unit" : "no unit");
                    db.run(session -> insert(2));
                    async.getResponse().getWriter().print("done");
                } catch (Throwable e) {
                    continuationSaw.set(e.toString());
                } finally {
                    async.complete();
                }
            });
        });
        app.start();

        CompletableFuture<HttpResponse<String>> pending = app.sendAsync("POST", "/async");
        WebApp.Observation requestThread = app.nextObservation();
        app.checkLeftNothing(requestThread); // the unit ended when the filter returned, before the continuation ran
        assertEquals(1, rows(), "the request thread's work is committed when the filter returns");
        requestThreadDone.countDown();

        assertEquals("done", pending.get(20, TimeUnit.SECONDS).body());
        assertEquals("no unit", continuationSaw.get());
        assertEquals(2, rows());
        assertEquals(0, db.activeConnections());
    }

    @Test
    void containerThreadsHoldNothingBetweenRequestsWhateverTheOutcome() throws Exception {
        app.filter(filter().build())
                .servlet("/ok", (request, response) -> insert(request.getIntHeader("X-Id")))
                .servlet("/throw", (request, response) -> {
                    insert(request.getIntHeader("X-Id"));
                    throw new IllegalStateException("refused");
                })
                .servlet("/send-error", (request, response) -> {
                    insert(request.getIntHeader("X-Id"));
                    response.sendError(500);
                })
                .servlet("/read", (request, response) -> response.getWriter().print(rows())).start();

        int committed = 0;
        for (int i = 0; i < 40; i++) {
            String path = List.of("/ok", "/throw", "/send-error", "/read").get(i % 4);
            app.send(app.requestBuilder(i % 4 == 3 ? "GET" : "POST", path).header("X-Id", String.valueOf(i)).build());
            committed += i % 4 == 0 ? 1 : 0;
        }

        assertEquals(committed, rows());
        Set<String> threads = new HashSet<>();
        app.checkedObservations().forEach(seen -> threads.add(seen.thread()));
        assertTrue(threads.size() < 40, "requests must have reused the container's threads: " + threads);
    }
}
