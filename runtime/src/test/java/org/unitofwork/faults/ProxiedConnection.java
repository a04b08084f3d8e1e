package org.unitofwork.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.unitofwork.faults.WireProtocol.Conversation;

/**
 * One client connection through a {@link FaultProxy} and its connection to the server: two pumps, one
 * thread each, that forward whole messages and let the armed fault act on the commit.
 */
final class ProxiedConnection {
    /** How long the proxy waits for a server that should close a session it was told to end. */
    private static final int FAREWELL_MILLIS = 10_000;

    private final FaultProxy proxy;
    private final Socket client;
    private final Socket server;
    private final Conversation conversation;
    /** Held while a message goes to the client, or a fault decides about one. */
    private final ReentrantLock toClient = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The fault that watches the server's answer to a forwarded commit; null when none does. */
    private volatile CommitFault pending;
    /** Set once a fault has had its say and the server is expected to close the session. */
    private volatile boolean farewell;

    ProxiedConnection(FaultProxy proxy, Socket client, Socket server, Conversation conversation) {
        this.proxy = proxy;
        this.client = client;
        this.server = server;
        this.conversation = conversation;
    }

    void start(Executor threads) {
        threads.execute(this::pumpClientToServer);
        threads.execute(this::pumpServerToClient);
    }

    long serverSessionId() {
        return conversation.serverSessionId;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes both sockets; the pumps end. Idempotent, never throws. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(client);
            closeQuietly(server);
            proxy.forget(this);
        }
    }

    private void pumpClientToServer() {
        Framer framer = new Framer(conversation::clientFrameLength, 4);
        try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
            byte[] chunk = new byte[16 * 1024];
            for (int n; (n = in.read(chunk)) >= 0;) {
                framer.feed(chunk, n, message -> fromClient(message, out));
            }
        } catch (IOException | RuntimeException e) {
            // the connection ends: closed by a fault, by either side, or by the proxy
        } finally {
            close();
        }
    }

    private void fromClient(byte[] message, OutputStream server) throws IOException {
        WireProtocol.ClientMessage kind = conversation.classifyClient(message);
        proxy.passBlackHole();
        if (kind == WireProtocol.ClientMessage.ENCRYPTION_REQUEST) {
            toClient.lock();
            try {
                client.getOutputStream().write(conversation.encryptionRefusal());
            } finally {
                toClient.unlock();
            }
            return;
        }
        if (kind == WireProtocol.ClientMessage.COMMIT) {
            CommitFault fault = proxy.takeArmedFault();
            if (fault != null) {
                toClient.lock();
                try {
                    if (!fault.strike(this)) {
                        throw new IOException("commit cut before it reached the server");
                    }
                    if (fault.watchesAnswer()) {
                        pending = fault; // before the commit leaves: its answer may come back at once
                    }
                } finally {
                    toClient.unlock();
                }
            }
        }
        server.write(message);
    }

    private void pumpServerToClient() {
        Framer framer = new Framer(conversation::serverFrameLength, 4);
        try (InputStream in = server.getInputStream()) {
            byte[] chunk = new byte[16 * 1024];
            for (int n; (n = in.read(chunk)) >= 0;) {
                framer.feed(chunk, n, this::fromServer);
            }
        } catch (SocketTimeoutException e) {
            // told to end the session, the server did not: cut
        } catch (IOException | RuntimeException e) {
            // the connection ends: closed by a fault, by either side, or by the proxy
        } finally {
            close();
        }
    }

    private void fromServer(byte[] message) throws IOException {
        boolean endsReply = conversation.inspectServer(message);
        proxy.passBlackHole();
        toClient.lock();
        try {
            CommitFault fault = pending;
            if (fault != null) {
                fault.onServerMessage(this, message, endsReply);
            } else {
                client.getOutputStream().write(message);
            }
        } finally {
            toClient.unlock();
        }
    }

    /**
     * After a fault's action: forwards what the server says from now on (such as its error for a
     * session it ends), and cuts when the server closes, or after {@value #FAREWELL_MILLIS} ms of silence.
     */
    void forwardFarewell() throws IOException {
        farewell = true;
        pending = null;
        server.setSoTimeout(FAREWELL_MILLIS);
    }

    /** Hands the client what {@code held} kept back and ends the hold. */
    void releaseHeld(HeldCommit held) throws IOException {
        toClient.lock();
        try {
            if (pending != held) {
                return;
            }
            pending = null;
            OutputStream out = client.getOutputStream();
            for (byte[] message : held.takeHeld()) {
                out.write(message);
            }
        } catch (IOException e) {
            close();
            throw e;
        } finally {
            toClient.unlock();
        }
    }

    @Override
    public String toString() {
        return "connection " + client.getPort() + " -> session " + serverSessionId() + (farewell ? " (ending)" : "");
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing to do
        }
    }
}
