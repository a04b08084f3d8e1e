package org.unitofwork.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.Database;
import org.unitofwork.scenarios.TestDatabase;

/**
 * On PostgreSQL a relay's work per batch does not grow with the table: on an outbox that started empty,
 * as every new one does, that the server has never analysed (nor vacuumed), and that holds a backlog
 * and the delivered messages of earlier batches, claiming and marking a batch reads no table from end to
 * end and about a batch's worth of index entries. The server's own counters of rows read tell.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClaimPlansPostgresTest {
    private static final int BATCH = 100;
    private static final int BACKLOG = 100_000;

    private String url;
    private String table;
    private Database database;

    @BeforeEach
    void open() {
        TestDatabase.POSTGRES.assumeAvailable();
        url = TestDatabase.POSTGRES.newUrl();
        table = TestDatabase.uniqueName("plans_outbox");
        database = TestDatabase.POSTGRES.build(TestDatabase.uniqueName("plans"), url, 2);
        Outbox.of(database, table).createTables();
    }

    @AfterEach
    void close() throws Exception {
        if (database == null) {
            return;
        }
        database.close();
        TestDatabase.POSTGRES.dropTable(url, table);
    }

    @Test
    void claimingAndMarkingABatchReadsABatchNotTheTable() throws Exception {
        Outbox outbox = Outbox.of(database, table);
        // one connection throughout, as a pool hands a relay the same few: what the server plans and
        // keeps for its statements while the table is small is what it would use once the table is large
        try (Connection c = database.dataSource().getConnection()) {
            OutboxTable outboxTable = outbox.table(c);
            for (int round = 0; round < 12; round++) {
                publish(outbox, BATCH);
                claimAndMark(c, outboxTable);
            }
            backlog(c);
            // the first claim on the backlog also drops the index entries the earlier batches left
            claimAndMark(c, outboxTable);
            long[] before = reads(c);
            for (int round = 0; round < 5; round++) {
                claimAndMark(c, outboxTable);
            }
            long[] after = reads(c);
            assertEquals(0, after[0] - before[0], "rows read by scanning all of " + table);
            long entries = after[1] - before[1];
            assertTrue(entries < 5 * 10 * BATCH, entries + " index entries read for 5 batches of " + BATCH
                    + " out of " + BACKLOG);
        }
    }

    private static void publish(Outbox outbox, int messages) {
        outbox.database().run(session -> {
            for (int i = 0; i < messages; i++) {
                outbox.publish("transfers", null, "m" + i);
            }
        });
    }

    /** A backlog as publishing units would leave it, written in one statement to save the test's time. */
    private void backlog(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (PreparedStatement s = c.prepareStatement("insert into " + table + " (id, destination, payload,"
                + " created_at, not_before) select gen_random_uuid()::text, 'transfers', 'm'::bytea, ?, ?"
                + " from generate_series(1, " + BACKLOG + ")")) {
            long now = System.currentTimeMillis();
            s.setLong(1, now);
            s.setLong(2, now);
            s.execute();
        }
    }

    private static void claimAndMark(Connection c, OutboxTable table) throws SQLException {
        List<OutboxMessage> batch = table.claim(c, "plans", BATCH, System.currentTimeMillis(), 60_000);
        assertEquals(BATCH, batch.size());
        c.setAutoCommit(true);
        table.markDelivered(c, batch, System.currentTimeMillis());
    }

    /** The rows read from the table by scanning it, and the entries read from its indexes, so far. */
    private long[] reads(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            // the session's counters reach the server's once it is idle after this
            s.execute("select pg_stat_force_next_flush()");
            s.execute("select pg_stat_clear_snapshot()");
        }
        try (PreparedStatement s = c.prepareStatement("select t.seq_tup_read, (select sum(i.idx_tup_read)"
                + " from pg_stat_user_indexes i where i.relid = t.relid) from pg_stat_user_tables t where t.relname = lower(?)")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }
}
