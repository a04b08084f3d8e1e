package org.unitofwork.outbox;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The JFR event of one batch a relay handed its transport, spanning the transport's call. Enabled by
 * default, so any recording takes it. Only {@link DeliveryRecording} touches this class, so that a runtime
 * image without the {@code jdk.jfr} module never loads it.
 */
@Name("org.unitofwork.outbox.Delivery")
@Label("Outbox Delivery")
@Category({"Unit of Work", "Outbox"})
@Description("A batch of outbox messages sent to the broker: relay, table, messages, outcome, backlog")
@StackTrace(false)
final class DeliveryEvent extends Event {
    @Label("Relay")
    String relay;

    @Label("Database")
    String database;

    @Label("Outbox Table")
    String table;

    @Label("Messages")
    int messages;

    @Label("Delivered")
    @Description("Whether the broker acknowledged the batch; when not, it is sent again after a backoff")
    boolean delivered;

    @Label("Failure")
    @Description("Class of what the transport threw; empty when the batch was delivered")
    String failure;

    @Label("Oldest Message Age")
    @Description("How long the batch's oldest message waited since it was published")
    @Timespan(Timespan.MILLISECONDS)
    long oldestAge;
}
