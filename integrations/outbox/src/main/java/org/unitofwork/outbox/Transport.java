package org.unitofwork.outbox;

import java.util.List;

/**
 * Hands messages to a broker for an {@link OutboxRelay}. Transports for RabbitMQ and Kafka are in their
 * own modules ({@code unitofwork-outbox-rabbitmq}, …); another broker needs only this method.
 *
 * <p>The relay calls it from its one thread, with messages in the order they must arrive: messages with
 * the same {@linkplain OutboxMessage#key() key} must reach the broker in list order.
 */
@FunctionalInterface
public interface Transport {

    /**
     * Sends the messages and returns only once the broker has acknowledged every one of them (RabbitMQ
     * publisher confirms, Kafka {@code acks=all}): the relay then marks them delivered, and a message it
     * marked is never sent again. When this throws, an exception or an {@link Error} (a stack overflow, a
     * class missing), the relay counts the failure and sends all of them again later, with backoff, so that
     * some may arrive twice: consumers tell them apart by {@link OutboxMessage#id()}.
     *
     * @param messages one or more messages, in delivery order
     * @throws Exception when the broker did not acknowledge them all, whatever the reason
     */
    void deliver(List<OutboxMessage> messages) throws Exception;
}
