package org.unitofwork.outbox.crash;

/**
 * One message as the consumer received it from the broker: the {@link CrashingPublisher}'s unit number it
 * carries and its outbox id.
 *
 * @param unit the number of the unit that published it
 * @param id the outbox id the transport sent with it
 */
public record Delivery(int unit, String id) {
}
