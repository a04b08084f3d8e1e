package org.unitofwork.outbox;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A committed message on its way to the broker, as a {@link Transport} gets it. Immutable.
 */
public final class OutboxMessage {
    private final long seq;
    private final UUID id;
    private final String destination;
    private final String key;
    private final byte[] payload;
    private final Instant createdAt;
    private final int attempt;

    OutboxMessage(long seq, UUID id, String destination, String key, byte[] payload, Instant createdAt,
            int attempt) {
        this.seq = seq;
        this.id = id;
        this.destination = destination;
        this.key = key;
        this.payload = payload;
        this.createdAt = createdAt;
        this.attempt = attempt;
    }

    /**
     * The id {@link Outbox#publish} returned: the same on every delivery of this message, for consumers to
     * tell a redelivery from a new message (see {@link Inbox}). Transports send it with the message.
     *
     * @return the message's id
     */
    public UUID id() {
        return id;
    }

    /**
     * Where the message goes, as the publisher named it: what it means (queue, exchange, topic) is the
     * transport's to say.
     *
     * @return the destination
     */
    public String destination() {
        return destination;
    }

    /**
     * The key the publisher gave: messages of one key are delivered in order. Transports pass it on as the
     * broker's routing or partitioning key.
     *
     * @return the key, or null when the message has none (and no order to keep)
     */
    public String key() {
        return key;
    }

    /**
     * The message's body.
     *
     * @return a copy of the bytes published
     */
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * When the message was published (the publishing JVM's clock).
     *
     * @return the publication time
     */
    public Instant createdAt() {
        return createdAt;
    }

    /**
     * How many earlier deliveries of this message failed.
     *
     * @return 0 on the first delivery
     */
    public int attempt() {
        return attempt;
    }

    /** The row's place in the outbox: publication order, which per key is delivery order. */
    long seq() {
        return seq;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OutboxMessage && ((OutboxMessage) other).id.equals(id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id);
    }

    @Override
    public String toString() {
        return "message " + id + " to '" + destination + "'" + (key == null ? "" : " with key '" + key + "'");
    }
}
