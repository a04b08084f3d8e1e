package org.unitofwork.examples.web;

import jakarta.servlet.DispatcherType;
import java.io.PrintStream;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.unitofwork.Database;
import org.unitofwork.servlet.UnitOfWorkFilter;

/**
 * The online use: a small JSON bank over HTTP, on embedded Jetty, with {@link UnitOfWorkFilter}
 * running every request in one unit of work. The filter commits after the servlet returns and the
 * response is sent after that, so a client that gets a 2xx knows its change is committed, and a
 * request that fails leaves nothing behind. GET requests run in read-only units. Each committed
 * transfer emits an event from an {@code afterCommit} hook: a refused transfer, rolled back, emits
 * none. {@link BankServlet#ROUTES} lists the routes; the server prints them at start and answers
 * {@code GET /} with them.
 *
 * <p>Arguments: {@code [jdbcUrl [user [password [port]]]]}; embedded H2 and port 8080 by default.
 */
public final class BankServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final Database owned;

    private BankServer(Database database, Database owned, int port, Runnable betweenDebitAndCredit) throws Exception {
        this.owned = owned;
        Bank bank = database.call(session -> new Bank(betweenDebitAndCredit));
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(UnitOfWorkFilter.builder().database(database.name()).build()), "/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new BankServlet(bank)), "/*");
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
    }

    /**
     * Starts the server on the {@linkplain Database#DEFAULT_NAME default} database, which stays the
     * caller's to close.
     *
     * @param port the port to listen on, 0 for any free one
     * @return the running server
     * @throws Exception when the schema cannot be created or the port cannot be bound
     */
    public static BankServer start(int port) throws Exception {
        return start(port, () -> { });
    }

    static BankServer start(int port, Runnable betweenDebitAndCredit) throws Exception {
        return new BankServer(Database.named(Database.DEFAULT_NAME), null, port, betweenDebitAndCredit);
    }

    /**
     * Builds the database the arguments name, starts the server on it and prints where it listens and
     * its routes. Closing the server closes the database.
     *
     * @param args {@code [jdbcUrl [user [password [port]]]]}
     * @param out where to print
     * @return the running server
     * @throws Exception when the database or the port is unavailable
     */
    static BankServer launch(String[] args, PrintStream out) throws Exception {
        Database.Builder builder = Database.builder(args.length > 0 ? args[0] : "jdbc:h2:mem:web;DB_CLOSE_DELAY=-1");
        if (args.length > 1) {
            builder.user(args[1]);
        }
        if (args.length > 2) {
            builder.password(args[2]);
        }
        int port;
        try {
            port = args.length > 3 ? Integer.parseInt(args[3]) : 8080;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The port, the fourth argument after the JDBC URL, user and password,"
                    + " must be a number, not '" + args[3] + "'.", e);
        }
        Database db = builder.build();
        BankServer server;
        try {
            server = new BankServer(db, db, port, () -> { });
        } catch (Exception | Error e) {
            db.close();
            throw e;
        }
        out.println("Bank listening on http://127.0.0.1:" + server.port() + "/ (Ctrl-C to stop)");
        for (Route route : BankServlet.ROUTES) {
            out.println(route.line());
        }
        return server;
    }

    /** @return the port the server listens on */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop: " + e.getMessage(), e);
        } finally {
            if (owned != null) {
                owned.close();
            }
        }
    }

    /**
     * Runs the server until the process is stopped.
     *
     * @param args {@code [jdbcUrl [user [password [port]]]]}
     * @throws Exception when the database or the port is unavailable
     */
    public static void main(String[] args) throws Exception {
        BankServer server = launch(args, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }
}
