/**
 * Side effects that must not be lost: an {@link org.unitofwork.outbox.Outbox} records messages inside a
 * unit of work, in its transaction; an {@link org.unitofwork.outbox.OutboxRelay} delivers the committed
 * ones through a {@link org.unitofwork.outbox.Transport} to a broker, at least once and in order per key;
 * an {@link org.unitofwork.outbox.Inbox} lets consumers handle each message once.
 */
package org.unitofwork.outbox;
