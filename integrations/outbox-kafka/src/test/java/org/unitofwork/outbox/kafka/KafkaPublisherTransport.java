package org.unitofwork.outbox.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.unitofwork.outbox.Transport;
import org.unitofwork.outbox.crash.PublisherTransport;

/**
 * The crashing publisher's way to Kafka: a producer under the client id it is given, with a delivery timeout
 * well under the publisher's two-second lease.
 */
final class KafkaPublisherTransport implements PublisherTransport {
    @Override
    public Transport open(String broker, String client) {
        return KafkaTransport.builder(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker,
                ProducerConfig.CLIENT_ID_CONFIG, client)).deliveryTimeout(Duration.ofMillis(1500)).build();
    }
}
