package org.unitofwork.outbox;

import java.time.Duration;

/**
 * The committed messages of an outbox not yet delivered, as {@link Outbox#backlog()} counts them.
 *
 * @param messages how many messages wait for delivery
 * @param oldestAge how long the oldest of them has waited, {@link Duration#ZERO} when none waits
 */
public record Backlog(long messages, Duration oldestAge) {
}
