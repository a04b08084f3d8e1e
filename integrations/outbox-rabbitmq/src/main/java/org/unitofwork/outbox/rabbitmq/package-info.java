/**
 * {@link org.unitofwork.outbox.rabbitmq.RabbitTransport}: the outbox's messages delivered to RabbitMQ with
 * publisher confirms.
 */
package org.unitofwork.outbox.rabbitmq;
