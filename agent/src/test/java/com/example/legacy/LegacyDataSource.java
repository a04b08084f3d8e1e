package com.example.legacy;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/** A legacy application's own data source: a thin class over a pool, handing out auto-commit connections. */
public class LegacyDataSource implements DataSource {
    private final JdbcConnectionPool pool;
    private int handedOut;

    public LegacyDataSource(String url) {
        this.pool = JdbcConnectionPool.create(url, "sa", "");
    }

    @Override
    public Connection getConnection() throws SQLException {
        handedOut++;
        return pool.getConnection();
    }

    /** How many connections the application's own code path handed out. */
    public int handedOut() {
        return handedOut;
    }

    public int active() {
        return pool.getActiveConnections();
    }

    public void dispose() {
        pool.dispose();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("not used");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("not used");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
