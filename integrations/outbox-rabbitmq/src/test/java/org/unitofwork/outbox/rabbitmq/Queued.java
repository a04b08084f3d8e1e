package org.unitofwork.outbox.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.unitofwork.outbox.crash.Delivery;

/** What the crash tests' consumer takes from a queue: every message it holds, in queue order. */
final class Queued {
    private Queued() {
    }

    static List<Delivery> take(Channel channel, String queue) throws IOException {
        List<Delivery> arrived = new ArrayList<>();
        GetResponse r;
        while ((r = channel.basicGet(queue, true)) != null) {
            arrived.add(new Delivery(Integer.parseInt(new String(r.getBody(), StandardCharsets.UTF_8)),
                    r.getProps().getMessageId()));
        }
        return arrived;
    }
}
