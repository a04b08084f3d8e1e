package org.unitofwork.outbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;

/**
 * The PostgreSQL driver's sockets ({@code socketFactory}), except that the next {@link #overflow} sockets
 * a relay's listener asks for strike it with a real {@link StackOverflowError} instead: an {@link Error}
 * in the middle of the driver, on the listener's own thread.
 */
public final class OverflowingSocketFactory extends SocketFactory {
    static final AtomicInteger overflow = new AtomicInteger();

    private final SocketFactory sockets = SocketFactory.getDefault();

    @Override
    public Socket createSocket() throws IOException {
        if (Thread.currentThread().getName().startsWith("unitofwork-outbox-listener")
                && overflow.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            recurse(0);
        }
        return sockets.createSocket();
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return sockets.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return sockets.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return sockets.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return sockets.createSocket(address, port, localAddress, localPort);
    }
}
