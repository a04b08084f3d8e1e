package org.unitofwork.agent.adopt;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * What an adopted database borrows from: the application's data source, called with the thread
 * marked so that the agent's interception of that same data source lets the call through. Asked
 * whether it wraps a HikariCP pool, it answers for the application's data source, so that the
 * runtime still counts and evicts its connections.
 */
final class BorrowingDataSource implements DataSource {
    private final DataSource application;

    BorrowingDataSource(DataSource application) {
        this.application = application;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return AdoptedDataSources.borrowing(application);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("A unit borrows with the credentials " + application
                + " was configured with; call getConnection() without arguments.");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return application.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        application.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        application.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return application.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return application.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(application) ? iface.cast(application) : application.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(application) || application.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return application.toString();
    }
}
