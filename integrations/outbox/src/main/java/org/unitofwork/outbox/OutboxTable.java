package org.unitofwork.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGStatement;

/**
 * The SQL of one outbox table. Times are epoch milliseconds of the JVMs' clocks: a lease is far longer
 * than any skew between the relays' machines.
 */
final class OutboxTable {
    private final String table;
    private final Dialect dialect;

    OutboxTable(String table, Dialect dialect) {
        this.table = table;
        this.dialect = dialect;
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * Records a message. On PostgreSQL the same statement notifies the table's channel, which reaches the
     * listening relays when the transaction commits (once, however many it published), and not at all when
     * it rolls back, or when the savepoint of a nested unit that published rolls back.
     */
    void insert(Connection c, UUID id, String destination, String key, byte[] payload, long now) throws SQLException {
        String insert = "insert into " + table
                + " (id, destination, msg_key, payload, created_at, not_before) values (?, ?, ?, ?, ?, ?)";
        try (PreparedStatement s = c.prepareStatement(dialect != Dialect.POSTGRESQL ? insert
                : "with recorded as (" + insert + " returning seq) select pg_notify('" + table + "', '') from recorded")) {
            s.setString(1, id.toString());
            s.setString(2, destination);
            s.setString(3, key);
            s.setBytes(4, payload);
            s.setLong(5, now);
            s.setLong(6, now);
            s.execute();
        }
    }

    /**
     * Leases up to {@code limit} messages to {@code owner}, oldest first, in a transaction of its own on
     * {@code c}. A message not yet due (another relay leases it, or it waits out its backoff) is passed
     * over, and so is every message of its key: one key is never delivered by two relays at once, nor out
     * of order. Rows another relay is claiming at this instant are skipped, not waited for; the key check
     * after the select catches what that hides.
     */
    List<OutboxMessage> claim(Connection c, String owner, int limit, long now, long leaseMillis) throws SQLException {
        c.setAutoCommit(false);
        if (dialect != Dialect.POSTGRESQL) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        try {
            if (dialect == Dialect.POSTGRESQL) {
                readCommittedWithoutBitmapScans(c);
            }
            List<OutboxMessage> candidates = candidates(c, blockedKeys(c, now), limit, now);
            List<OutboxMessage> claimed = inKeyOrder(c, candidates);
            if (!claimed.isEmpty()) {
                lease(c, claimed, owner, now + leaseMillis);
            }
            c.commit();
            return claimed;
        } catch (SQLException | RuntimeException | Error e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    /**
     * Has the claim read committed data, and its searches read the indexes entry by entry. Each version of a message (published,
     * leased, delivered) leaves an entry in the partial indexes until the table is vacuumed, and the server
     * drops one early only when a plain index scan finds its row gone; a bitmap scan never does. On a table
     * without statistics (any new outbox, or one autovacuum has not looked at since) the planner picks bitmap
     * scans, and each claim then reads again every message of the last minutes: 19 ms at 17,000, and more
     * with every batch. Both settings end with the claim's transaction, and go to the server in one round
     * trip, where the driver's {@code setTransactionIsolation} would take one of its own: each costs the
     * latency of a message that comes alone.
     */
    private static void readCommittedWithoutBitmapScans(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("set transaction isolation level read committed; set local enable_bitmapscan = off");
        }
    }

    /**
     * The keys of messages not yet due: few, the batches relays hold and those backing off. Such a
     * message's {@code not_before} is past its {@code created_at}, which the partial index on PostgreSQL
     * requires; with the clocks of two JVMs apart by more than a backoff, a message backing off may be
     * missed here, and its key is then held back by {@link #inKeyOrder} instead.
     */
    private List<String> blockedKeys(Connection c, long now) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (PreparedStatement s = prepare(c, "select distinct msg_key from " + table
                + " where delivered_at is null and not_before > ? and not_before > created_at"
                + " and msg_key is not null")) {
            s.setLong(1, now);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        return keys;
    }

    private List<OutboxMessage> candidates(Connection c, List<String> blocked, int limit, long now)
            throws SQLException {
        String sql = "select seq, id, destination, msg_key, payload, created_at, attempts from " + table
                + " where delivered_at is null and not_before <= ?"
                + (blocked.isEmpty() ? "" : " and (msg_key is null or msg_key not in (" + placeholders(blocked.size())
                        + "))")
                + " order by seq" + dialect.limit(limit) + " for update skip locked";
        List<OutboxMessage> rows = new ArrayList<>();
        try (PreparedStatement s = prepare(c, sql)) {
            s.setLong(1, now);
            int i = 2;
            for (String key : blocked) {
                s.setString(i++, key);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxMessage(rs.getLong(1), UUID.fromString(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getBytes(5), Instant.ofEpochMilli(rs.getLong(6)), rs.getInt(7)));
                }
            }
        }
        return rows;
    }

    /**
     * Keeps, of each key, the candidates that follow each other from the oldest undelivered message of the
     * key on: a gap means another relay holds, or is claiming, the missing message.
     */
    private List<OutboxMessage> inKeyOrder(Connection c, List<OutboxMessage> candidates) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        long last = 0;
        for (OutboxMessage m : candidates) {
            if (m.key() != null) {
                keys.add(m.key());
            }
            last = Math.max(last, m.seq());
        }
        if (keys.isEmpty()) {
            return candidates;
        }
        Map<String, Deque<Long>> undelivered = new HashMap<>();
        String sql = "select msg_key, seq from " + table + " where delivered_at is null and seq <= ? and msg_key in ("
                + placeholders(keys.size()) + ") order by seq";
        try (PreparedStatement s = prepare(c, sql)) {
            s.setLong(1, last);
            int i = 2;
            for (String key : keys) {
                s.setString(i++, key);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    undelivered.computeIfAbsent(rs.getString(1), k -> new ArrayDeque<>()).add(rs.getLong(2));
                }
            }
        }
        Set<String> broken = new LinkedHashSet<>();
        List<OutboxMessage> kept = new ArrayList<>(candidates.size());
        for (OutboxMessage m : candidates) {
            if (m.key() == null) {
                kept.add(m);
                continue;
            }
            Deque<Long> pending = undelivered.get(m.key());
            if (!broken.contains(m.key()) && pending != null && pending.peekFirst() != null
                    && pending.peekFirst() == m.seq()) {
                pending.removeFirst();
                kept.add(m);
            } else {
                broken.add(m.key());
            }
        }
        return kept;
    }

    private void lease(Connection c, List<OutboxMessage> claimed, String owner, long until) throws SQLException {
        try (PreparedStatement s = prepare(c, "update " + table + " set lease_owner = ?, not_before = ?"
                + " where seq in (" + placeholders(claimed.size()) + ")")) {
            s.setString(1, owner);
            s.setLong(2, until);
            bindSeqs(s, 3, claimed);
            s.executeUpdate();
        }
    }

    /** Marks messages the broker acknowledged: whichever relay holds them now, they are not sent again. */
    void markDelivered(Connection c, List<OutboxMessage> messages, long now) throws SQLException {
        try (PreparedStatement s = prepare(c, "update " + table + " set delivered_at = ?, lease_owner = null"
                + " where seq in (" + placeholders(messages.size()) + ")")) {
            s.setLong(1, now);
            bindSeqs(s, 2, messages);
            s.executeUpdate();
        }
    }

    /**
     * Gives back messages {@code owner} leased and did not send: due at once, to any relay, unless another
     * relay holds them by now.
     */
    void release(Connection c, List<OutboxMessage> messages, String owner, long now) throws SQLException {
        try (PreparedStatement s = prepare(c, "update " + table + " set not_before = ?, lease_owner = null"
                + " where seq in (" + placeholders(messages.size()) + ") and lease_owner = ? and delivered_at is null")) {
            s.setLong(1, now);
            bindSeqs(s, 2, messages);
            s.setString(messages.size() + 2, owner);
            s.executeUpdate();
        }
    }

    /** Gives failed messages back, each to be tried again after its backoff. */
    void reschedule(Connection c, List<OutboxMessage> messages, Backoff backoff, String error, long now)
            throws SQLException {
        try (PreparedStatement s = prepare(c, "update " + table + " set attempts = attempts + 1,"
                + " not_before = ?, lease_owner = null, last_error = ?"
                + " where seq = ? and delivered_at is null")) {
            for (OutboxMessage m : messages) {
                s.setLong(1, now + backoff.delayMillis(m.attempt()));
                s.setString(2, error.length() > 1000 ? error.substring(0, 1000) : error);
                s.setLong(3, m.seq());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    Backlog backlog(Connection c, long now) throws SQLException {
        try (PreparedStatement s = prepare(c, "select count(*), min(created_at) from " + table
                + " where delivered_at is null"); ResultSet rs = s.executeQuery()) {
            rs.next();
            long count = rs.getLong(1);
            long oldest = rs.getLong(2);
            return new Backlog(count, count == 0 ? Duration.ZERO : Duration.ofMillis(Math.max(0, now - oldest)));
        }
    }

    int purgeDelivered(Connection c, long before) throws SQLException {
        try (PreparedStatement s = prepare(c, "delete from " + table
                + " where delivered_at is not null and delivered_at < ?")) {
            s.setLong(1, before);
            return s.executeUpdate();
        }
    }

    /**
     * Prepares one of the relay's statements. On PostgreSQL each execution is planned for its values: the
     * driver's server-side statements would be planned once, for any values, after a few executions, and
     * the table of a new outbox grows from empty to all the messages of the retention period; a scan of the
     * whole table, planned while it was small, stays in use and costs more with every message kept (16 ms
     * per update of 100 messages at 12,000).
     */
    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        if (dialect == Dialect.POSTGRESQL) {
            try {
                s.unwrap(PGStatement.class).setPrepareThreshold(0);
            } catch (SQLException | RuntimeException e) {
                s.close();
                throw e;
            }
        }
        return s;
    }

    private static void bindSeqs(PreparedStatement s, int first, Collection<OutboxMessage> messages)
            throws SQLException {
        int i = first;
        for (OutboxMessage m : messages) {
            s.setLong(i++, m.seq());
        }
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
