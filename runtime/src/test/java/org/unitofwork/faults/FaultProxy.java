package org.unitofwork.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on a free loopback port between a JDBC driver and a real database server, which injects
 * the network faults a unit of work must survive. It understands the {@link WireProtocol} enough to
 * find each {@code COMMIT} a client sends and the end of the server's answer, so a test can strike
 * exactly there:
 *
 * <ul>
 *   <li>{@link #cutBeforeNextCommit()}: the connection is cut as the client sends {@code COMMIT}; the
 *       server never gets it.
 *   <li>{@link #cutAfterNextCommit()} and {@link #cutAfterNextCommit(ServerSessionAction)}: the server
 *       gets {@code COMMIT} and executes it; its answer is dropped and the connection cut, optionally
 *       after an action on the server such as {@code pg_terminate_backend}.
 *   <li>{@link #holdNextCommitReply()}: the server's answer to {@code COMMIT} is held until the test
 *       releases or cuts it.
 *   <li>{@link #blackHole()}: nothing is forwarded either way, on any connection, and sockets stay open
 *       (a server that stopped answering), until {@link #heal()}.
 * </ul>
 *
 * <p>A commit fault strikes once, on the first commit any connection sends after it was armed; a
 * black hole lasts until healed. Faults can be armed while connections run. Typical use:
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.inFrontOf("jdbc:postgresql://127.0.0.1:5432/test")) {
 *     Database db = Database.builder(proxy.url()).user("postgres").build();
 *     proxy.cutAfterNextCommit(pid -> terminateBackend(pid));
 *     ...
 * }
 * }</pre>
 *
 * <p>Limits: one thread per direction of each connection, at most {@value #MAX_CONNECTIONS} connections
 * at a time (more are refused by closing them); encrypted conversations are refused, so the client
 * talks clear text; MariaDB's compressed protocol is not understood. {@link #close()} closes every
 * socket and ends every thread.
 */
public final class FaultProxy implements AutoCloseable {
    /** The most connections the proxy carries at a time. */
    public static final int MAX_CONNECTIONS = 64;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final AtomicInteger PROXIES = new AtomicInteger();

    private final WireProtocol protocol;
    private final InetSocketAddress target;
    private final String targetUrl;
    private final ServerSocket listener;
    private final ThreadPoolExecutor threads;
    private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicReference<CommitFault> armed = new AtomicReference<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final ReentrantLock gate = new ReentrantLock();
    private final Condition healed = gate.newCondition();
    private volatile boolean blackHoled;
    private volatile boolean closed;

    private FaultProxy(WireProtocol protocol, InetSocketAddress target, String targetUrl) throws IOException {
        this.protocol = protocol;
        this.target = target;
        this.targetUrl = targetUrl;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int id = PROXIES.incrementAndGet();
        AtomicInteger threadCount = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, 2 * MAX_CONNECTIONS + 1, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "fault-proxy-" + id + "-" + threadCount.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        threads.execute(this::acceptConnections);
    }

    /**
     * Starts a proxy in front of the server a JDBC URL names ({@code jdbc:postgresql://host:port/…} or
     * {@code jdbc:mariadb://host:port/…}, {@code jdbc:mysql:} too); {@link #url()} is that URL
     * pointing at the proxy.
     *
     * @param jdbcUrl the URL of the real server
     * @return the running proxy
     * @throws IllegalArgumentException when the URL names no host and port of a known protocol
     */
    public static FaultProxy inFrontOf(String jdbcUrl) {
        WireProtocol protocol;
        if (jdbcUrl.startsWith("jdbc:postgresql://")) {
            protocol = WireProtocol.POSTGRES;
        } else if (jdbcUrl.startsWith("jdbc:mariadb://") || jdbcUrl.startsWith("jdbc:mysql://")) {
            protocol = WireProtocol.MARIADB;
        } else {
            throw new IllegalArgumentException("FaultProxy speaks PostgreSQL and MariaDB only; give it a"
                    + " jdbc:postgresql:// or jdbc:mariadb:// URL with host and port, not " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("FaultProxy needs the server's host and port in the URL, such as"
                    + " jdbc:postgresql://127.0.0.1:5432/test, not " + jdbcUrl);
        }
        try {
            return new FaultProxy(protocol, new InetSocketAddress(uri.getHost(), uri.getPort()), jdbcUrl);
        } catch (IOException e) {
            throw new UncheckedIOException("FaultProxy could not listen on a loopback port", e);
        }
    }

    /** {@return the URL it was started with, pointing at the proxy instead of the server} */
    public String url() {
        String hostAndPort = target.getHostString() + ":" + target.getPort();
        int at = targetUrl.indexOf(hostAndPort);
        return targetUrl.substring(0, at) + "127.0.0.1:" + port() + targetUrl.substring(at + hostAndPort.length());
    }

    /** {@return the loopback port the proxy listens on} */
    public int port() {
        return listener.getLocalPort();
    }

    /** {@return the protocol it speaks} */
    public WireProtocol protocol() {
        return protocol;
    }

    /** {@return how many client connections are open through it now} */
    public int openConnections() {
        return connections.size();
    }

    /** {@return how many client connections it has accepted since it started} */
    public int acceptedConnections() {
        return accepted.get();
    }

    /**
     * Arms a cut just before the next commit: the connection is closed as the client sends {@code
     * COMMIT}, which never reaches the server (the server then rolls the transaction back as the
     * session ends).
     *
     * @return the armed fault
     */
    public CommitFault cutBeforeNextCommit() {
        return arm(new CommitFault.CutBefore());
    }

    /**
     * Arms a cut just after the next commit: {@code COMMIT} is forwarded, the server executes it, and
     * its answer is dropped as both sockets are closed. The client cannot tell this from a cut before.
     *
     * @return the armed fault
     */
    public CommitFault cutAfterNextCommit() {
        return arm(new CommitFault.CutAfter(null));
    }

    /**
     * Arms a cut just after the next commit, with an action on the server first: {@code COMMIT} is
     * forwarded, the server executes it and its answer is dropped; then {@code beforeCut} runs (on a
     * proxy thread; for example {@code pg_terminate_backend} of the session, {@code KILL} on MariaDB,
     * or a server restart). What the server says after that, such as the error it sends a session it
     * ends, reaches the client; the proxy cuts when the server closes the session.
     *
     * @param beforeCut what to do on the server before the cut; it gets the server's session id
     * @return the armed fault; {@link CommitFault#actionFailure()} reports the action's failure
     */
    public CommitFault cutAfterNextCommit(ServerSessionAction beforeCut) {
        if (beforeCut == null) {
            throw new IllegalArgumentException("give an action, or call cutAfterNextCommit() for a plain cut");
        }
        return arm(new CommitFault.CutAfter(beforeCut));
    }

    /**
     * Arms a hold on the answer to the next commit: {@code COMMIT} is forwarded and executed, its
     * answer held until {@link HeldCommit#release()} or {@link HeldCommit#cut()}.
     *
     * @return the hold, to wait on, release or cut
     */
    public HeldCommit holdNextCommitReply() {
        return arm(new HeldCommit());
    }

    /** Disarms a commit fault that has not struck yet. */
    public void disarm() {
        armed.set(null);
    }

    /**
     * Stops forwarding in both directions on every connection, new ones included, and keeps their
     * sockets open: to the client the server has stopped answering. Bytes already read are kept and
     * forwarded, in order, after {@link #heal()}.
     */
    public void blackHole() {
        blackHoled = true;
    }

    /** Ends a {@link #blackHole()}: forwarding resumes where it stopped. */
    public void heal() {
        gate.lock();
        try {
            blackHoled = false;
            healed.signalAll();
        } finally {
            gate.unlock();
        }
    }

    /** Stops listening, closes every connection (both sides) and ends every thread of the proxy. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing: nothing to do
        }
        for (ProxiedConnection c : connections) {
            c.close();
        }
        heal(); // wakes the pumps a black hole stopped, which then find their sockets closed
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FaultProxy 127.0.0.1:" + port() + " -> " + target.getHostString() + ":" + target.getPort() + " ("
                + protocol + ", " + connections.size() + " connections" + (blackHoled ? ", black-holed" : "") + ")";
    }

    private <F extends CommitFault> F arm(F fault) {
        armed.set(fault);
        return fault;
    }

    CommitFault takeArmedFault() {
        return armed.getAndSet(null);
    }

    /** Blocks the calling pump while the proxy is black-holed. */
    void passBlackHole() throws IOException {
        if (!blackHoled) {
            return;
        }
        gate.lock();
        try {
            while (blackHoled && !closed) {
                healed.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("proxy thread interrupted", e);
        } finally {
            gate.unlock();
        }
        if (closed) {
            throw new IOException("proxy closed");
        }
    }

    void forget(ProxiedConnection connection) {
        connections.remove(connection);
    }

    private void acceptConnections() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            Socket server = new Socket();
            try {
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                server.connect(target, CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue; // the client sees the connection refused, as it would without the proxy
            }
            ProxiedConnection connection = new ProxiedConnection(this, client, server, protocol.newConversation());
            if (connections.size() >= MAX_CONNECTIONS || closed) {
                connection.close();
                continue;
            }
            connections.add(connection);
            try {
                connection.start(threads);
            } catch (RejectedExecutionException e) {
                connection.close();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing to do
        }
    }
}
