package org.unitofwork.benchmarks;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.unitofwork.SessionFunction;
import org.unitofwork.outbox.Outbox;

/**
 * An outbox in a uniquely named table of {@link PostgresPoolState}'s database, dropped at the end of the
 * trial, and B10's unit: B6's select and one publish of a 100-byte message.
 */
@State(Scope.Benchmark)
public class OutboxState {
    private static final byte[] PAYLOAD = "{\"transfer\":12345,\"from\":1,\"to\":2,\"cents\":10000,\"note\":\"benchmark\"}"
            .concat(" ".repeat(30)).getBytes(StandardCharsets.UTF_8);

    private Outbox outbox;

    /** B10's unit: the select, then the publish. */
    public SessionFunction<String, SQLException> readRowAndPublish;

    /** Creates the outbox's table. */
    @Setup(Level.Trial)
    public void open(PostgresPoolState postgres) {
        String table = "uow_bench_outbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        outbox = Outbox.of(postgres.database, table);
        outbox.createTables();
        readRowAndPublish = session -> {
            String note = postgres.readRow(session.connection());
            outbox.publish("transfers", "account-1", PAYLOAD);
            return note;
        };
    }

    /** Drops the outbox's table, on a connection of its own: JMH may have closed the pool's state first. */
    @TearDown(Level.Trial)
    public void drop() throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresPoolState.URL, PostgresPoolState.USER, "");
                Statement s = c.createStatement()) {
            s.execute("drop table if exists " + outbox.table());
        }
    }
}
