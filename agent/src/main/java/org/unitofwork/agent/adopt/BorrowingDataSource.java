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
 *
 * <p>Once the application closes its data source, {@link #release()} lets go of it: the closed
 * database that borrowed from it may stay referenced (by a woven method's boundary, which keeps the
 * database it last ran on), and must not keep the data source, and with it the class loader of the
 * application that created it, alive.
 */
final class BorrowingDataSource implements DataSource {
    /** Null once released. */
    private volatile DataSource application;
    private final String described;

    BorrowingDataSource(DataSource application) {
        this.application = application;
        this.described = application.getClass().getName();
    }

    /** Forgets the application's data source, which it closed. */
    void release() {
        application = null;
    }

    private DataSource application() throws SQLException {
        DataSource source = application;
        if (source == null) {
            throw new SQLException("The application closed its data source (an instance of " + described + "), and"
                    + " the database the agent adopted it as was released with it: nothing borrows from it any more.");
        }
        return source;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return AdoptedDataSources.borrowing(application());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("A unit borrows with the credentials " + described
                + " was configured with; call getConnection() without arguments.");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return application().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        application().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        application().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return application().getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        DataSource source = application;
        if (source == null) {
            throw new SQLFeatureNotSupportedException("The application closed its data source (" + described + ")");
        }
        return source.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        DataSource source = application();
        return iface.isInstance(source) ? iface.cast(source) : source.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        DataSource source = application();
        return iface.isInstance(source) || source.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        DataSource source = application;
        return source == null ? described + " (closed)" : source.toString();
    }
}
