/**
 * {@link org.unitofwork.outbox.kafka.KafkaTransport}: the outbox's messages delivered to Kafka by an
 * idempotent producer with {@code acks=all}.
 */
package org.unitofwork.outbox.kafka;
