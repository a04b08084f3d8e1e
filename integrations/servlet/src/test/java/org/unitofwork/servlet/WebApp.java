package org.unitofwork.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.unitofwork.Database;
import org.unitofwork.NoActiveUnitException;
import org.unitofwork.Session;

/**
 * A web application on an embedded Jetty (ee10, Servlet 6.0) with {@link UnitOfWorkFilter} in front of
 * test servlets, and an HTTP client that calls it. An observing filter, first in the chain, records
 * what the container's thread holds before and after each request: {@link #send} checks every
 * request left no unit on the thread and no connection borrowed from the pool.
 */
final class WebApp implements AutoCloseable {

    /** A servlet as a lambda; whatever it throws reaches the container unchanged. */
    interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws Throwable;
    }

    /** What the observing filter saw around one request, on the container's thread. */
    record Observation(String thread, boolean unitBefore, boolean unitAfter, int activeConnections, Throwable thrown) {
    }

    private final Database db;
    private final Server server;
    private final ServletContextHandler context = new ServletContextHandler("/");
    private final BlockingQueue<Observation> observations = new LinkedBlockingQueue<>();
    /** The observations {@link #checkLeftNothing} has checked, in order. */
    private final List<Observation> checked = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private URI base;

    WebApp(Database db) {
        this.db = db;
        // few threads, so that requests reuse them and a unit left on one would be seen by the next request
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("jetty");
        server = new Server(threads);
        context.addFilter(new FilterHolder(new Observer()), "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    /** Puts the filter in the chain for every path, after the observer. */
    WebApp filter(UnitOfWorkFilter filter) {
        return filter(new FilterHolder(filter));
    }

    /** Puts a filter the container makes and configures from {@code holder} in the chain. */
    WebApp filter(FilterHolder holder) {
        holder.setName("unitofwork");
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        return this;
    }

    /** Like {@link #filter(FilterHolder)}, with the init-params of a {@code web.xml}. */
    WebApp filterWithInitParams(Map<String, String> initParams) {
        FilterHolder holder = new FilterHolder(UnitOfWorkFilter.class);
        holder.setInitParameters(initParams);
        return filter(holder);
    }

    WebApp servlet(String pathSpec, Handler handler) {
        context.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) {
                try {
                    handler.handle(request, response);
                } catch (Throwable e) {
                    throw WebApp.<RuntimeException>sneaky(e);
                }
            }
        }), pathSpec);
        return this;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable e) throws E {
        throw (E) e;
    }

    WebApp start() throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        return this;
    }

    /**
     * Sends a request, and checks that the container's thread held no unit before or after it and
     * that the pool has no connection out.
     */
    HttpResponse<String> send(String method, String path) throws Exception {
        return send(request(method, path));
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        checkLeftNothing(nextObservation());
        return response;
    }

    /** Sends a request without waiting for the response, for requests that finish asynchronously. */
    CompletableFuture<HttpResponse<String>> sendAsync(String method, String path) {
        return client.sendAsync(request(method, path), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder requestBuilder(String method, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
    }

    private HttpRequest request(String method, String path) {
        return requestBuilder(method, path).build();
    }

    /** The observation of the next request to pass the observing filter, waiting for it. */
    Observation nextObservation() throws InterruptedException {
        Observation seen = observations.poll(10, TimeUnit.SECONDS);
        assertNotNull(seen, "no request passed the observing filter");
        return seen;
    }

    void checkLeftNothing(Observation seen) {
        assertFalse(seen.unitBefore(), "a unit was active on " + seen.thread() + " before the request");
        assertFalse(seen.unitAfter(), "a unit was still active on " + seen.thread() + " after the request");
        assertEquals(0, seen.activeConnections(), "connections still borrowed after the request");
        checked.add(seen);
    }

    /** The observation of the last request {@link #send} checked. */
    Observation lastObservation() {
        assertFalse(checked.isEmpty(), "no request was sent");
        return checked.get(checked.size() - 1);
    }

    /** Every observation {@link #checkLeftNothing} checked so far. */
    List<Observation> checkedObservations() {
        return checked;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Whether a unit on {@code db} is active on the calling thread. */
    static boolean hasUnit(Database db) {
        try {
            Session.current(db.name());
            return true;
        } catch (NoActiveUnitException e) {
            return false;
        }
    }

    /** First in the chain: sees the thread before the unit opens and after it ended. */
    private final class Observer implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            boolean before = hasUnit(db);
            Throwable thrown = null;
            try {
                chain.doFilter(request, response);
            } catch (Throwable e) {
                thrown = e;
                throw e;
            } finally {
                observations.add(new Observation(Thread.currentThread().getName(), before, hasUnit(db),
                        db.activeConnections(), thrown));
            }
        }
    }
}
