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
 * request that fails leaves nothing behind. GET requests run in read-only units. Each transfer
 * publishes its event through the outbox, in its unit ({@link TransferEvents}): a refused transfer,
 * rolled back, publishes none, and a committed one's event is delivered, with RabbitMQ to the queue
 * {@value #QUEUE}, whose consumer prints it. {@link BankServlet#ROUTES} lists the routes; the server
 * prints them at start and answers {@code GET /} with them.
 *
 * <p>Arguments: {@code [jdbcUrl [user [password [port [amqpUri]]]]]}; embedded H2, port 8080 and no
 * broker (events delivered in this process) by default.
 */
public final class BankServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    /** The queue transfer events go to when the server has a broker. */
    static final String QUEUE = "bank.transfers";

    private final Database owned;
    private final TransferEvents events;

    private BankServer(Database database, Database owned, int port, Runnable betweenDebitAndCredit,
            TransferEvents events) throws Exception {
        this.owned = owned;
        this.events = events;
        Bank bank = database.call(session -> new Bank(betweenDebitAndCredit));
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(UnitOfWorkFilter.builder().database(database.name()).build()), "/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new BankServlet(bank, events)), "/*");
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
        return start(port, betweenDebitAndCredit, null, QUEUE, System.out);
    }

    static BankServer start(int port, Runnable betweenDebitAndCredit, String rabbitUri, String queue, PrintStream out)
            throws Exception {
        Database database = Database.named(Database.DEFAULT_NAME);
        TransferEvents events = new TransferEvents(database, rabbitUri, queue, out);
        try {
            return new BankServer(database, null, port, betweenDebitAndCredit, events);
        } catch (Exception | Error e) {
            events.close();
            throw e;
        }
    }

    /**
     * Builds the database the arguments name, starts the server on it and prints where it listens and
     * its routes. Closing the server closes the database.
     *
     * @param args {@code [jdbcUrl [user [password [port [amqpUri]]]]]}
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
        TransferEvents events = null;
        try {
            events = new TransferEvents(db, args.length > 4 ? args[4] : null, QUEUE, out);
            server = new BankServer(db, db, port, () -> { }, events);
        } catch (Exception | Error e) {
            if (events != null) {
                events.close();
            }
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
            events.close();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty or the event relay did not stop: " + e.getMessage(), e);
        } finally {
            if (owned != null) {
                owned.close();
            }
        }
    }

    /**
     * Runs the server until the process is stopped.
     *
     * @param args {@code [jdbcUrl [user [password [port [amqpUri]]]]]}
     * @throws Exception when the database, the port or the broker is unavailable
     */
    public static void main(String[] args) throws Exception {
        BankServer server = launch(args, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }
}
