package org.unitofwork;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * {@link Database#dataSource()}: the unit's connection inside a unit, a plain pooled auto-commit
 * connection outside, so code that only knows {@code DataSource} takes part in units unchanged.
 */
final class UnitDataSource implements DataSource {
    private final Database database;
    private final DataSource pool;

    UnitDataSource(Database database, DataSource pool) {
        this.database = database;
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Unit unit = database.units.active();
        if (unit != null) {
            return database.connections.isAdopted() ? LegacyTransactions.connection(unit) : unit.connection();
        }
        Connection connection = StackHeadroom.borrowFrom(pool);
        if (!database.connections.isAdopted()) { // else exactly what the application's own data source does
            try {
                connection.setAutoCommit(true); // the pool resets it when the connection comes back
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
        database.connections.lentOutsideUnits(connection);
        return connection;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Database '" + database.name() + "' connects with the credentials"
                + " it was built with; call getConnection() without arguments.");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "DataSource[" + database + "]";
    }
}
