package org.unitofwork.outbox.crash;

import org.unitofwork.outbox.Transport;

/**
 * How the {@link CrashingPublisher}'s JVM reaches its broker: a class with a no-argument constructor that
 * opens the transport its relay delivers with. Each transport's crash test names one.
 */
public interface PublisherTransport {
    /**
     * Opens a transport to the broker at {@code broker}.
     *
     * @param broker the broker's address, {@code host:port}
     * @param client the name the relay's broker connection goes by, for a test that closes it
     * @return the transport
     * @throws Exception when the transport cannot be opened
     */
    Transport open(String broker, String client) throws Exception;
}
