package org.unitofwork;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The connection a unit hands to user code. It delegates to the pool's connection but keeps the end
 * of the unit to the boundary: {@code close()} does nothing, the calls that would end or escape the
 * transaction throw, and every call checks that it comes from the unit's thread while the unit is
 * active. Statements get the unit's remaining time as their query timeout; the pool closes any left
 * open when the unit releases the connection.
 */
final class GuardedConnection implements Connection {

    /** What the connection does with the caller's own transaction calls. */
    enum Mode {
        /** Refuses them: the boundary ends the unit. What {@link Session#connection()} hands out. */
        STRICT,
        /**
         * Absorbs them, for legacy code that commits by hand, given an {@linkplain Database#adopt
         * adopted} data source's connection inside a transaction: {@code commit()} and
         * {@code setAutoCommit} do nothing, {@code rollback()} makes the unit roll back.
         */
        ABSORB,
        /** Passes them through, for such code in a unit without a transaction: it behaves as before. */
        PASS_THROUGH
    }

    private final Unit unit;
    private final Mode mode;
    private Connection delegate;

    GuardedConnection(Unit unit, Connection delegate, Mode mode) {
        this.unit = unit;
        this.delegate = delegate;
        this.mode = mode;
    }

    void invalidate() {
        delegate = null;
    }

    private Connection target() {
        unit.checkUsable();
        return delegate;
    }

    private GuardedConnectionException refused(String call, String why) {
        return new GuardedConnectionException(call + " is not allowed on the connection of " + unit.describe()
                + ": " + why);
    }

    // ---- the calls that belong to the boundary

    @Override
    public void close() {
        // The unit releases the connection when its boundary ends; closing it early would break the unit.
    }

    @Override
    public boolean isClosed() throws SQLException {
        Connection c = delegate;
        return c == null || c.isClosed();
    }

    @Override
    public void commit() throws SQLException {
        Connection c = target();
        if (mode == Mode.PASS_THROUGH) {
            c.commit();
            return;
        }
        if (mode == Mode.ABSORB) {
            return; // the unit commits when its boundary returns
        }
        throw refused("commit()", "the unit commits when its boundary returns. To commit part of the work on its"
                + " own, run that part in a boundary with propagation REQUIRES_NEW.");
    }

    @Override
    public void rollback() throws SQLException {
        Connection c = target();
        if (mode == Mode.PASS_THROUGH) {
            c.rollback();
            return;
        }
        if (mode == Mode.ABSORB) {
            unit.legacyRollback();
            return;
        }
        throw refused("rollback()", "the unit rolls back when its boundary throws. Throw, call"
                + " Session.setRollbackOnly(), or roll back to a savepoint of your own with rollback(Savepoint).");
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        Connection c = target();
        if (mode == Mode.PASS_THROUGH) {
            c.setAutoCommit(autoCommit);
            return;
        }
        if (mode == Mode.STRICT && autoCommit != c.getAutoCommit()) {
            throw refused("setAutoCommit(" + autoCommit + ")", autoCommit
                    ? "auto-commit would commit each statement on its own and end the unit's transaction. Use"
                    + " propagation NOT_SUPPORTED for work that must run without a transaction."
                    : "this unit runs without a transaction (its propagation says so). Use propagation REQUIRED for"
                    + " work that needs one.");
        }
    }

    @Override
    public void abort(Executor executor) {
        target();
        throw refused("abort(Executor)", "it would close the connection behind the unit's back. Throw to roll the"
                + " unit back; set timeoutSeconds on the boundary to bound its time.");
    }

    /**
     * The guarded connection itself for {@code Connection} and this class's own interfaces; for a
     * driver's extension interface (such as {@code org.postgresql.PGConnection}), a view that
     * implements only that interface. The driver's connection itself is never handed out: commit,
     * rollback and close on it would escape the unit.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return DriverExtension.unwrap(unit, this, target(), iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return DriverExtension.isWrapperFor(this, target(), iface);
    }

    // ---- statements: the unit's deadline becomes their query timeout, and they lead back only here

    @Override
    public Statement createStatement() throws SQLException {
        return new GuardedStatement(unit, this, target().createStatement());
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return new GuardedStatement(unit, this, target().createStatement(resultSetType, resultSetConcurrency));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        return new GuardedStatement(unit, this, target().createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return new GuardedPreparedStatement(unit, this, target().prepareStatement(sql));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return new GuardedPreparedStatement(unit, this, target().prepareStatement(sql, resultSetType, resultSetConcurrency));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        return new GuardedPreparedStatement(unit, this, target().prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return new GuardedPreparedStatement(unit, this, target().prepareStatement(sql, autoGeneratedKeys));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return new GuardedPreparedStatement(unit, this, target().prepareStatement(sql, columnIndexes));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return new GuardedPreparedStatement(unit, this, target().prepareStatement(sql, columnNames));
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return new GuardedCallableStatement(unit, this, target().prepareCall(sql));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return new GuardedCallableStatement(unit, this, target().prepareCall(sql, resultSetType, resultSetConcurrency));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        return new GuardedCallableStatement(unit, this, target().prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    // ---- plain delegation

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return target().nativeSQL(sql);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return target().getAutoCommit();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return new GuardedDatabaseMetaData(unit, this, target().getMetaData());
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        target().setReadOnly(readOnly);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return target().isReadOnly();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        target().setCatalog(catalog);
    }

    @Override
    public String getCatalog() throws SQLException {
        return target().getCatalog();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        target().setTransactionIsolation(level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return target().getTransactionIsolation();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return target().getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        target().clearWarnings();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return target().getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        target().setTypeMap(map);
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        target().setHoldability(holdability);
    }

    @Override
    public int getHoldability() throws SQLException {
        return target().getHoldability();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return target().setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return target().setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        target().rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        target().releaseSavepoint(savepoint);
    }

    @Override
    public Clob createClob() throws SQLException {
        return target().createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return target().createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return target().createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return target().createSQLXML();
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        Connection c = delegate;
        return c != null && Thread.currentThread() == unit.owner() && c.isValid(timeout);
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        target().setClientInfo(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        target().setClientInfo(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        return target().getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return target().getClientInfo();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return target().createArrayOf(typeName, elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return target().createStruct(typeName, attributes);
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        target().setSchema(schema);
    }

    @Override
    public String getSchema() throws SQLException {
        return target().getSchema();
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        target().setNetworkTimeout(executor, milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return target().getNetworkTimeout();
    }

    @Override
    public String toString() {
        return "GuardedConnection[" + unit + "]";
    }
}
