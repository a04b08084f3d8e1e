package org.unitofwork.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.unitofwork.Database;
import org.unitofwork.Outcome;
import org.unitofwork.Session;

/**
 * A transactional outbox on a table of a {@link Database}: a message {@linkplain #publish published}
 * inside a unit of work is a row written on the unit's own connection, in its transaction, so it exists
 * exactly when the unit's work does; an {@link OutboxRelay} then sends it to the broker after the
 * commit, at least once, in order per key.
 *
 * <pre>{@code
 * Outbox outbox = Outbox.of(db);          // table uow_outbox
 * outbox.createTables();                  // once, outside any unit
 * OutboxRelay relay = outbox.relay(transport).start();
 *
 * db.run(session -> {
 *     debit(session.connection(), account, amount);
 *     outbox.publish("transfers", account, json);   // sent only if the unit commits
 * });
 * }</pre>
 *
 * <p>Publishing needs a unit with a transaction on the outbox's database; any boundary works:
 * {@code db.run}, generated wrappers and woven {@code @UnitOfWork} methods alike. A unit that rolls back
 * leaves no message; a {@code NESTED} boundary that rolls back to its savepoint takes its messages with
 * it. When the unit commits, the relays of this outbox in this JVM are woken at once. On PostgreSQL the
 * message's insert also notifies the table's channel ({@code pg_notify}), in the unit's transaction: at
 * commit it wakes the relays of every JVM, and a unit that rolls back notifies nobody. On MariaDB and H2
 * relays in other JVMs find the message when they next poll.
 *
 * <p>Thread-safe; create one per table and share it.
 */
public final class Outbox {
    /** The table {@link #of(Database)} uses. */
    public static final String DEFAULT_TABLE = "uow_outbox";

    private final Tables tables;
    private final List<OutboxRelay> relays = new CopyOnWriteArrayList<>();
    // the unit on this thread whose commit already wakes the relays: one hook per unit, not per message
    private final ThreadLocal<Session> hooked = new ThreadLocal<>();
    private volatile OutboxTable table;

    private Outbox(Database database, String table) {
        this.tables = new Tables(Objects.requireNonNull(database, "database"), table, d -> d.outboxDdl(table));
    }

    /**
     * The outbox in table {@value #DEFAULT_TABLE} of {@code database}.
     *
     * @param database where messages are recorded: the database of the units that publish them
     * @return the outbox
     */
    public static Outbox of(Database database) {
        return new Outbox(database, DEFAULT_TABLE);
    }

    /**
     * The outbox in {@code table} of {@code database}.
     *
     * @param database where messages are recorded
     * @param table the table's name: letters, digits and underscores
     * @return the outbox
     * @throws IllegalArgumentException when {@code table} is not such a name
     */
    public static Outbox of(Database database, String table) {
        return new Outbox(database, table);
    }

    /**
     * The statements that create the outbox's table and indexes on its database (PostgreSQL, MariaDB or
     * H2), for a migration tool; {@link #createTables()} runs them.
     *
     * @return the statements, in order; each does nothing when what it creates exists
     * @throws OutboxException when the database cannot be reached or is not one of the three
     */
    public List<String> ddl() {
        return tables.ddl();
    }

    /**
     * Creates the table and its indexes unless they exist. Call it outside any unit: on MariaDB a
     * {@code create table} commits the transaction it runs in.
     *
     * @throws OutboxException when they cannot be created
     */
    public void createTables() {
        tables.create();
    }

    /**
     * Records a message in the unit of work active on this thread for the outbox's database.
     *
     * @param destination where the message goes (a queue, exchange or topic, as the relay's transport
     *     reads it); at most 255 characters
     * @param key messages of the same key are delivered in the order they were published (for units that
     *     commit one after the other, commit order); null for a message without order; at most 255
     *     characters
     * @param payload the message's body
     * @return the message's id, which every delivery of it carries
     * @throws OutboxException when no unit with a transaction is active on this thread for the database,
     *     or the row cannot be written (the unit then can only roll back)
     */
    public UUID publish(String destination, String key, byte[] payload) {
        return record(tables.unit("Publishing to '" + destination + "'"), destination, key, payload);
    }

    /**
     * Records a message whose body is {@code payload} in UTF-8, as {@link #publish(String, String, byte[])}.
     *
     * @param destination where the message goes
     * @param key the ordering key, or null
     * @param payload the message's body, as text
     * @return the message's id
     * @throws OutboxException as {@link #publish(String, String, byte[])}
     */
    public UUID publish(String destination, String key, String payload) {
        return publish(destination, key, Objects.requireNonNull(payload, "payload").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Records a message in {@code session}'s unit, which must be the active unit of its thread (the one
     * this call runs on) and have a transaction.
     *
     * @param session the unit to record the message in
     * @param destination where the message goes
     * @param key the ordering key, or null
     * @param payload the message's body
     * @return the message's id
     * @throws OutboxException as {@link #publish(String, String, byte[])}, and when {@code session} is of
     *     another database
     */
    public UUID publish(Session session, String destination, String key, byte[] payload) {
        return record(tables.transactional(Objects.requireNonNull(session, "session"),
                "Publishing to '" + destination + "'"), destination, key, payload);
    }

    private UUID record(Session session, String destination, String key, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        check("destination", Objects.requireNonNull(destination, "destination"));
        if (key != null) {
            check("key", key);
        }
        UUID id = UUID.randomUUID();
        try {
            Connection c = session.connection();
            table(c).insert(c, id, destination, key, payload, System.currentTimeMillis());
        } catch (SQLException e) {
            throw tables.failure("record a message to '" + destination + "' in " + session, e);
        }
        if (hooked.get() != session) {
            hooked.set(session);
            session.afterCompletion(outcome -> {
                hooked.remove();
                // UNKNOWN: the commit may have happened, and a relay finding nothing costs one query
                if (outcome != Outcome.ROLLED_BACK) {
                    wakeRelays();
                }
            });
        }
        return id;
    }

    private static void check(String what, String value) {
        if (value.isEmpty() || value.length() > 255) {
            throw new IllegalArgumentException("A message's " + what + " has 1 to 255 characters, not "
                    + value.length() + (value.isEmpty() ? "" : ": '" + value.substring(0, Math.min(40, value.length())) + "…'"));
        }
    }

    /**
     * Prepares a relay that sends this outbox's messages through {@code transport}; {@link
     * OutboxRelay.Builder#start()} starts it. Any number of relays, in this JVM and others, may share one
     * outbox.
     *
     * @param transport the broker's transport
     * @return the relay's builder
     */
    public OutboxRelay.Builder relay(Transport transport) {
        return new OutboxRelay.Builder(this, Objects.requireNonNull(transport, "transport"));
    }

    /**
     * Counts the committed messages not yet delivered, and how long the oldest has waited.
     *
     * @return the backlog
     * @throws OutboxException when the table cannot be read
     */
    public Backlog backlog() {
        try (Connection c = tables.database().dataSource().getConnection()) {
            return table(c).backlog(c, System.currentTimeMillis());
        } catch (SQLException e) {
            throw tables.failure("count the undelivered messages", e);
        }
    }

    /**
     * Deletes messages delivered more than {@code age} ago. Delivered messages are kept only for
     * inspection: nothing reads them again. Relays do this themselves once a minute ({@link
     * OutboxRelay.Builder#retainDelivered}); call it where no relay runs.
     *
     * @param age how long delivered messages are kept
     * @return how many were deleted
     * @throws OutboxException when they cannot be deleted
     */
    public int purgeDelivered(Duration age) {
        try (Connection c = tables.database().dataSource().getConnection()) {
            return table(c).purgeDelivered(c, System.currentTimeMillis() - age.toMillis());
        } catch (SQLException e) {
            throw tables.failure("delete delivered messages", e);
        }
    }

    /**
     * The database the outbox is on.
     *
     * @return the database
     */
    public Database database() {
        return tables.database();
    }

    /**
     * The outbox's table.
     *
     * @return the table's name
     */
    public String table() {
        return tables.table();
    }

    OutboxTable table(Connection c) throws SQLException {
        OutboxTable known = table;
        if (known == null) {
            known = new OutboxTable(tables.table(), tables.dialect(c));
            table = known;
        }
        return known;
    }

    OutboxException failure(String what, SQLException e) {
        return tables.failure(what, e);
    }

    void attach(OutboxRelay relay) {
        relays.add(relay);
    }

    void detach(OutboxRelay relay) {
        relays.remove(relay);
    }

    private void wakeRelays() {
        for (OutboxRelay relay : relays) {
            relay.wake();
        }
    }

    @Override
    public String toString() {
        return "outbox " + tables.table() + " of database '" + tables.database().name() + "'";
    }
}
