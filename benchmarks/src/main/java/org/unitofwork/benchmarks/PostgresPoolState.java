package org.unitofwork.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionCallback;
import org.unitofwork.Boundary;
import org.unitofwork.SessionFunction;

/**
 * A {@link PoolState} on the local PostgreSQL server ({@value #URL}, user {@value #USER}, trust
 * authentication), pool of 10, with a table of its own holding one row. The server is shared: the
 * table has a unique name and is dropped at the end of the trial.
 *
 * <p>The one-statement unit every entry point runs is {@link #readRow(Connection)}: a primary-key
 * select through a fresh prepared statement, as hand-written JDBC does. Its callbacks are created
 * once here, so that no entry point pays for a capturing lambda.
 */
@State(Scope.Benchmark)
public class PostgresPoolState extends PoolState {

    /** The server every development and CI machine runs. */
    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    /** The server's user, with trust authentication. */
    public static final String USER = "postgres";

    private String table;
    private String selectRow;

    /** Ours, with {@code resolveUnknownCommit}: the same unit reads its transaction id before committing. */
    public Boundary resolving;
    /** Ours: the unit's work for {@code Database.call}. */
    public SessionFunction<String, SQLException> readRowInUnit;
    /** The peer: the same work for {@code TransactionTemplate.execute}, on the connection Spring bound. */
    public TransactionCallback<String> readRowInTransaction;

    /** Opens the pool and creates the table. */
    @Setup(Level.Trial)
    public void openPostgres() throws SQLException {
        open(URL, USER, "", 10);
        table = "uow_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        selectRow = "select note from " + table + " where id = 1";
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table " + table + " (id int primary key, note varchar(100))");
            s.execute("insert into " + table + " values (1, 'benchmark row')");
            c.commit();
        }
        readRowInUnit = session -> readRow(session.connection());
        resolving = Boundary.builder("PostgresStatementBenchmark.resolving").database(DATABASE_NAME)
                .resolveUnknownCommit(true).build();
        readRowInTransaction = status -> {
            try {
                return readRow(DataSourceUtils.getConnection(pool));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** Drops the table. */
    @Override
    protected void beforeClose() throws SQLException {
        if (table != null) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("drop table if exists " + table);
                c.commit();
            }
        }
    }

    /** The one statement of the unit: reads the row by primary key. */
    public String readRow(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(selectRow); ResultSet row = select.executeQuery()) {
            row.next();
            return row.getString(1);
        }
    }
}
