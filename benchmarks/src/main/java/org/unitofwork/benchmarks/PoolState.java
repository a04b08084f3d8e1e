package org.unitofwork.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.unitofwork.Database;

/**
 * One HikariCP pool reached the three ways the benchmarks compare: our {@link Database}, the bare
 * pool for the hand-written JDBC floor, and Spring's {@link TransactionTemplate} over a
 * {@link DataSourceTransactionManager} for the peer. All three share the pool the database built, so
 * they borrow the same connections with the same settings ({@code autoCommit=false}).
 */
public abstract class PoolState {

    /** The name the benchmarks' database is registered under; the benchmarks' boundaries name it. */
    public static final String DATABASE_NAME = "benchmarks";

    /** Ours: the database over the pool. */
    public Database database;
    /** The floor: the very pool {@link #database} borrows from. */
    public HikariDataSource pool;
    /** The peer: Spring's transactions on the same pool, with its defaults (REQUIRED, roll back on runtime exceptions). */
    public TransactionTemplate transactions;

    /** Builds the database and reaches its pool; call from the subclass's trial set-up. */
    protected void open(String jdbcUrl, String user, String password, int poolSize) throws SQLException {
        database = Database.builder(jdbcUrl).name(DATABASE_NAME).user(user).password(password).poolSize(poolSize)
                .build();
        pool = database.dataSource().unwrap(HikariDataSource.class);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(pool));
    }

    /** Closes the database and its pool, after {@link #beforeClose()}. */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        try {
            beforeClose();
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    /** Cleans up what the subclass made on the server, while the pool is still open. */
    protected void beforeClose() throws SQLException {
    }
}
