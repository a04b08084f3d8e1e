package org.unitofwork.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * What differs between the databases the outbox and the inbox run on: column types, how a row is
 * inserted unless present, and how a relay claims rows without waiting for the locks of another.
 */
enum Dialect {
    POSTGRESQL("bigint generated always as identity primary key", "bytea"),
    MARIADB("bigint auto_increment primary key", "longblob"),
    H2("bigint generated always as identity primary key", "blob");

    private final String sequenceColumn;
    private final String bytesType;

    Dialect(String sequenceColumn, String bytesType) {
        this.sequenceColumn = sequenceColumn;
        this.bytesType = bytesType;
    }

    static Dialect of(Connection connection, String databaseName) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String lower = product.toLowerCase(Locale.ROOT);
        if (lower.contains("postgres")) {
            return POSTGRESQL;
        }
        if (lower.contains("mariadb") || lower.contains("mysql")) {
            return MARIADB;
        }
        if (lower.equals("h2")) {
            return H2;
        }
        throw new OutboxException("Database '" + databaseName + "' runs " + product + ", which the outbox does not"
                + " support: use PostgreSQL, MariaDB or H2.");
    }

    /**
     * The outbox table and the indexes of its three searches: undelivered rows in order, a key's undelivered
     * rows, and rows not yet due (leased or backing off). On PostgreSQL they index only undelivered rows,
     * the few a relay ever looks at, and the last only rows a relay has leased or rescheduled ({@code
     * not_before} moved past {@code created_at}): the relay's search for due rows in order then has no index
     * but the first, so that it reads them in order and stops after a batch, instead of collecting and
     * sorting the whole backlog (60 ms for 50,000 messages).
     */
    List<String> outboxDdl(String table) {
        String undelivered = this == POSTGRESQL ? " where delivered_at is null" : "";
        String state = this == POSTGRESQL ? "" : "delivered_at, ";
        return List.of("create table if not exists " + table + " ("
                        + "seq " + sequenceColumn + ", "
                        + "id varchar(36) not null, "
                        + "destination varchar(255) not null, "
                        + "msg_key varchar(255), "
                        + "payload " + bytesType + " not null, "
                        + "created_at bigint not null, "
                        + "attempts int default 0 not null, "
                        + "not_before bigint not null, "
                        + "lease_owner varchar(200), "
                        + "delivered_at bigint, "
                        + "last_error varchar(1000))",
                index(table, "pending", state + "seq", undelivered),
                index(table, "key", "msg_key, " + state + "seq", undelivered),
                index(table, "due", state + "not_before", this == POSTGRESQL
                        ? undelivered + " and not_before > created_at" : undelivered));
    }

    private static String index(String table, String suffix, String columns, String where) {
        return "create index if not exists " + table + "_" + suffix + " on " + table + " (" + columns + ")" + where;
    }

    List<String> inboxDdl(String table) {
        return List.of("create table if not exists " + table + " ("
                + "consumer varchar(200) not null, "
                + "message_id varchar(200) not null, "
                + "received_at bigint not null, "
                + "primary key (consumer, message_id))");
    }

    /**
     * Inserts {@code (consumer, message_id, received_at)} unless the pair is there: the update count says
     * which. On PostgreSQL a failed insert would doom the unit's transaction, so none may fail. On H2 the
     * pair is bound twice more, see {@link #inboxInsertRepeatsKey()}.
     */
    String inboxInsert(String table) {
        switch (this) {
            case POSTGRESQL:
                return "insert into " + table + " (consumer, message_id, received_at) values (?, ?, ?)"
                        + " on conflict do nothing";
            case MARIADB:
                return "insert ignore into " + table + " (consumer, message_id, received_at) values (?, ?, ?)";
            default:
                // a concurrent unit inserting the same pair waits for this one and then fails on the key,
                // rolling back: its redelivery then finds the pair
                return "insert into " + table + " (consumer, message_id, received_at) select ?, ?, ?"
                        + " where not exists (select 1 from " + table + " where consumer = ? and message_id = ?)";
        }
    }

    boolean inboxInsertRepeatsKey() {
        return this == H2;
    }

    String limit(int rows) {
        return this == H2 ? " fetch first " + rows + " rows only" : " limit " + rows;
    }
}
