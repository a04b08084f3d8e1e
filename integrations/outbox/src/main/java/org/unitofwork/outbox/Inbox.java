package org.unitofwork.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.unitofwork.Database;
import org.unitofwork.Session;

/**
 * Makes a consumer's handling of a message take effect once, however often the broker delivers it: the
 * consumer handles each message in a unit of work and first asks {@link #firstDelivery}, which records the
 * message's id in that unit. The record commits with the consumer's work and rolls back with it, so a
 * message counts as handled exactly when its effects are in the database.
 *
 * <pre>{@code
 * db.run(session -> {
 *     if (inbox.firstDelivery("billing", messageId)) {
 *         charge(session.connection(), order);
 *     }
 * });
 * }</pre>
 *
 * <p>Two units recording the same message at once: the second waits for the first and then sees it
 * recorded (PostgreSQL, MariaDB), or fails and rolls back (H2), so that the broker's redelivery finds it
 * recorded. Thread-safe; create one per table and share it.
 */
public final class Inbox {
    /** The table {@link #of(Database)} uses. */
    public static final String DEFAULT_TABLE = "uow_inbox";

    private final Tables tables;

    private Inbox(Database database, String table) {
        this.tables = new Tables(Objects.requireNonNull(database, "database"), table, d -> d.inboxDdl(table));
    }

    /**
     * The inbox in table {@value #DEFAULT_TABLE} of {@code database}.
     *
     * @param database the database of the units that consume messages
     * @return the inbox
     */
    public static Inbox of(Database database) {
        return new Inbox(database, DEFAULT_TABLE);
    }

    /**
     * The inbox in {@code table} of {@code database}.
     *
     * @param database the database of the units that consume messages
     * @param table the table's name: letters, digits and underscores
     * @return the inbox
     * @throws IllegalArgumentException when {@code table} is not such a name
     */
    public static Inbox of(Database database, String table) {
        return new Inbox(database, table);
    }

    /**
     * The statements that create the inbox's table on its database (PostgreSQL, MariaDB or H2).
     *
     * @return the statements; each does nothing when what it creates exists
     * @throws OutboxException when the database cannot be reached or is not one of the three
     */
    public List<String> ddl() {
        return tables.ddl();
    }

    /**
     * Creates the table unless it exists. Call it outside any unit.
     *
     * @throws OutboxException when it cannot be created
     */
    public void createTables() {
        tables.create();
    }

    /**
     * Records that {@code consumer} handles the message {@code messageId} in the unit of work active on
     * this thread for the inbox's database, and says whether it is the first time.
     *
     * @param consumer who handles the message: each consumer of a message handles it once
     * @param messageId the message's id, as the broker delivered it (for the outbox's messages, {@link
     *     OutboxMessage#id()}); at most 200 characters
     * @return true when no committed unit (and no earlier call in this unit) recorded it: handle the
     *     message; false when it was handled already: do nothing
     * @throws OutboxException when no unit with a transaction is active on this thread for the database,
     *     or the id cannot be recorded
     */
    public boolean firstDelivery(String consumer, String messageId) {
        return record(tables.unit("Recording message '" + messageId + "' in the inbox"), consumer, messageId);
    }

    /**
     * As {@link #firstDelivery(String, String)}, in {@code session}'s unit, which must be the active unit of
     * this thread.
     *
     * @param session the consumer's unit
     * @param consumer who handles the message
     * @param messageId the message's id
     * @return true the first time, false for a message handled already
     * @throws OutboxException as {@link #firstDelivery(String, String)}, and when {@code session} is of
     *     another database
     */
    public boolean firstDelivery(Session session, String consumer, String messageId) {
        return record(tables.transactional(Objects.requireNonNull(session, "session"),
                "Recording message '" + messageId + "' in the inbox"), consumer, messageId);
    }

    private boolean record(Session session, String consumer, String messageId) {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(messageId, "messageId");
        if (consumer.isEmpty() || consumer.length() > 200 || messageId.isEmpty() || messageId.length() > 200) {
            throw new IllegalArgumentException("An inbox's consumer and message id have 1 to 200 characters: '"
                    + consumer + "', '" + messageId + "'");
        }
        try {
            Connection c = session.connection();
            Dialect dialect = tables.dialect(c);
            try (PreparedStatement s = c.prepareStatement(dialect.inboxInsert(tables.table()))) {
                s.setString(1, consumer);
                s.setString(2, messageId);
                s.setLong(3, System.currentTimeMillis());
                if (dialect.inboxInsertRepeatsKey()) {
                    s.setString(4, consumer);
                    s.setString(5, messageId);
                }
                return s.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw tables.failure("record message '" + messageId + "' of consumer '" + consumer + "' in " + session, e);
        }
    }

    @Override
    public String toString() {
        return "inbox " + tables.table() + " of database '" + tables.database().name() + "'";
    }
}
