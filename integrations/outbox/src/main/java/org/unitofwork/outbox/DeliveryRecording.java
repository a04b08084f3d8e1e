package org.unitofwork.outbox;

import java.util.List;

/**
 * Writes a relay's batches to a JFR recording as {@link DeliveryEvent}s when one records them, and does
 * nothing on a runtime image that has no {@code jdk.jfr} module.
 */
final class DeliveryRecording {
    // typed Object so that this class links without jdk.jfr
    private static final Object PROBE = ModuleLayer.boot().findModule("jdk.jfr").isPresent() ? new DeliveryEvent()
            : null;

    private DeliveryRecording() {
    }

    /** Starts the event of a batch about to be sent, or returns null when no recording takes it. */
    static Object begin() {
        if (PROBE == null || !((DeliveryEvent) PROBE).isEnabled()) {
            return null;
        }
        DeliveryEvent event = new DeliveryEvent();
        event.begin();
        return event;
    }

    static void end(Object started, OutboxRelay relay, Outbox outbox, List<OutboxMessage> batch, Throwable failure) {
        if (started == null) {
            return;
        }
        DeliveryEvent event = (DeliveryEvent) started;
        event.end();
        if (event.shouldCommit()) {
            event.relay = relay.name();
            event.database = outbox.database().name();
            event.table = outbox.table();
            event.messages = batch.size();
            event.delivered = failure == null;
            event.failure = failure == null ? "" : failure.getClass().getName();
            event.oldestAge = System.currentTimeMillis() - batch.get(0).createdAt().toEpochMilli();
            event.commit();
        }
    }
}
