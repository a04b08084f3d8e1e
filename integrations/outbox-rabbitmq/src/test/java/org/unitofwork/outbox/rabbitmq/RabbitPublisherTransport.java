package org.unitofwork.outbox.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import org.unitofwork.outbox.Transport;
import org.unitofwork.outbox.crash.PublisherTransport;

/** The crashing publisher's way to RabbitMQ: a transport whose connection carries the name it is given. */
final class RabbitPublisherTransport implements PublisherTransport {
    @Override
    public Transport open(String broker, String client) {
        ConnectionFactory factory = RabbitBroker.factory();
        factory.setPort(Integer.parseInt(broker.substring(broker.lastIndexOf(':') + 1)));
        factory.getClientProperties().put("connection_name", client);
        return RabbitTransport.builder(factory).build();
    }
}
