package org.unitofwork.outbox.rabbitmq;

import com.rabbitmq.client.Connection;
import java.util.List;
import org.unitofwork.outbox.crash.CrashingPublisher;
import org.unitofwork.outbox.crash.Delivery;
import org.unitofwork.outbox.crash.PublisherCrashContract;
import org.unitofwork.outbox.crash.PublisherTransport;

/**
 * The crash test on the machine's RabbitMQ: the messages go to a durable queue, and the broker failure is
 * the relay's connection closed from the broker's side.
 */
class PublisherCrashTest extends PublisherCrashContract {
    @Override
    protected void assumeBrokerAvailable() {
        RabbitBroker.assumeAvailable();
    }

    @Override
    protected Class<? extends PublisherTransport> transport() {
        return RabbitPublisherTransport.class;
    }

    @Override
    protected String broker() {
        return RabbitBroker.HOST + ":" + RabbitBroker.PORT;
    }

    @Override
    protected void createDestination(String destination) throws Exception {
        try (Connection rabbit = RabbitBroker.factory().newConnection("unitofwork-outbox-crash-test")) {
            rabbit.createChannel().queueDeclare(destination, true, false, false, null);
        }
    }

    @Override
    protected void deleteDestination(String destination) throws Exception {
        try (Connection rabbit = RabbitBroker.factory().newConnection("unitofwork-outbox-crash-test")) {
            rabbit.createChannel().queueDelete(destination);
        }
    }

    @Override
    protected String failBroker(CrashingPublisher.Setup setup) throws Exception {
        RabbitBroker.closeConnections(setup.client());
        return "broker connection closed once";
    }

    @Override
    protected List<Delivery> receive(CrashingPublisher.Setup setup) throws Exception {
        try (Connection rabbit = RabbitBroker.factory().newConnection("unitofwork-outbox-crash-test")) {
            return Queued.take(rabbit.createChannel(), setup.destination());
        }
    }
}
