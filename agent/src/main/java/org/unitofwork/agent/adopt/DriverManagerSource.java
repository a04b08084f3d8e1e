package org.unitofwork.agent.adopt;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.unitofwork.Database;
import org.unitofwork.agent.config.DriverManagerRule;

/**
 * What a database adopted for a {@code drivermanager} line borrows from: {@code DriverManager}
 * itself, with the URL and credentials of the application's own call. The call that needs a
 * connection leaves them here for its thread; a unit that asks first, through
 * {@code Session.connection()}, gets the most recent call's.
 */
final class DriverManagerSource implements DataSource {
    private final DriverManagerRule rule;
    /** Set once adopted; null while it is not, or when the name was taken. */
    volatile Database database;
    private volatile Request latest;
    /** The application's call this thread makes while it asks the database for a connection. */
    private final ThreadLocal<Request> pending = new ThreadLocal<>();
    /** The call the connection this thread opened last was for: a unit's, inside a unit that has one. */
    private final ThreadLocal<Request> opened = new ThreadLocal<>();

    /** An application's call: its URL and connection properties. */
    private record Request(String url, Properties info) {
        boolean sameConnectionAs(Request other) {
            return url.equals(other.url) && Objects.equals(info.getProperty("user"), other.info.getProperty("user"));
        }

        @Override
        public String toString() {
            String user = info.getProperty("user");
            return url + (user == null ? "" : " as user " + user);
        }
    }

    DriverManagerSource(DriverManagerRule rule) {
        this.rule = rule;
    }

    DriverManagerRule rule() {
        return rule;
    }

    boolean called() {
        return latest != null;
    }

    /** The connection for the application's call: the unit's inside a unit, else a new one as before. */
    Connection connectionFor(String url, Properties info) throws SQLException {
        Database db = database;
        if (db == null || db.isClosed()) {
            return DriverManager.getConnection(url, info);
        }
        Request request = new Request(url, info);
        latest = request;
        pending.set(request);
        Connection connection;
        try {
            connection = db.dataSource().getConnection();
        } finally {
            pending.remove();
        }
        Request unitsOwn = opened.get();
        if (unitsOwn != null && !unitsOwn.sameConnectionAs(request)) {
            throw new SQLException("DriverManager.getConnection for " + request + " on thread "
                    + Thread.currentThread().getName() + " runs inside a unit on database '" + rule.databaseName()
                    + "', whose connection is to " + unitsOwn + ": a unit has one connection, and " + rule.where()
                    + " adopts every URL " + (rule.url().endsWith("*") ? "beginning with "
                    + rule.url().substring(0, rule.url().length() - 1) : rule.url()) + " as that one database. Give each"
                    + " database a drivermanager line of its own, and the work on each a unit of its own.");
        }
        return connection;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Request request = pending.get();
        if (request == null) {
            request = latest;
        }
        if (request == null) {
            throw new SQLException("Database '" + rule.databaseName() + "' takes its connections from DriverManager for "
                    + rule.url() + " (" + rule.where() + "), with the URL, user and password the application passes to"
                    + " DriverManager.getConnection, and the application has not called it yet. Let the application"
                    + " take its connection before code in the unit asks Session.connection() for one.");
        }
        Connection connection = DriverManager.getConnection(request.url(), request.info());
        opened.set(request);
        return connection;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("A unit opens its connection with the credentials of the"
                + " application's own DriverManager.getConnection call; call getConnection() without arguments.");
    }

    @Override
    public PrintWriter getLogWriter() {
        return DriverManager.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        DriverManager.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) {
        DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("DriverManager has no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("DriverManager connections for " + rule.url() + " wrap no " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "DriverManager connections for " + rule.url() + " (" + rule.where() + ")";
    }
}
