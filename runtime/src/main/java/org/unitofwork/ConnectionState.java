package org.unitofwork;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * S14, S15: a connection's settings as a pool that does not reset them lent it, put back before the
 * connection returns: the unit's changes, and those of legacy code running without a transaction.
 * HikariCP resets them itself.
 */
final class ConnectionState {
    private final boolean autoCommit;
    private final boolean readOnly;
    /** The isolation level, when the unit changes it; else -1 (reading it can cost a round trip). */
    private int isolation;
    /** The network timeout, when a unit's deadline or its code changes it; else -1. */
    private int networkTimeout;
    /** Whether the unit's code changed a setting below, which were then read first. */
    private boolean settingsRead;
    private String schema;
    private String catalog;
    private int holdability;

    ConnectionState(Connection c, boolean isolationChanges, boolean networkTimeoutChanges) throws SQLException {
        this.autoCommit = c.getAutoCommit();
        this.readOnly = c.isReadOnly();
        this.isolation = isolationChanges ? c.getTransactionIsolation() : -1;
        this.networkTimeout = networkTimeoutChanges ? networkTimeout(c) : -1;
    }

    private static int networkTimeout(Connection c) throws SQLException {
        try {
            return c.getNetworkTimeout();
        } catch (SQLFeatureNotSupportedException e) {
            return -1; // the unit's deadline cannot change it either
        }
    }

    /** Reads the settings user code may change, before its first change: they go back as they were. */
    void beforeSettingChange(Connection c) throws SQLException {
        if (settingsRead) {
            return;
        }
        settingsRead = true;
        if (isolation == -1) {
            isolation = c.getTransactionIsolation();
        }
        if (networkTimeout == -1) {
            networkTimeout = networkTimeout(c);
        }
        schema = c.getSchema();
        catalog = c.getCatalog();
        holdability = c.getHoldability();
    }

    void restore(Connection c) throws SQLException {
        boolean inTransaction = !c.getAutoCommit();
        if (inTransaction) {
            c.rollback(); // nothing of the unit is open any more; only work its code never committed
        }
        if (networkTimeout != -1) {
            c.setNetworkTimeout(Runnable::run, networkTimeout);
        }
        if (isolation != -1) {
            c.setTransactionIsolation(isolation);
        }
        if (settingsRead) {
            c.setSchema(schema);
            c.setCatalog(catalog);
            c.setHoldability(holdability);
        }
        if (c.isReadOnly() != readOnly) {
            c.setReadOnly(readOnly);
        }
        if (inTransaction == autoCommit) {
            c.setAutoCommit(autoCommit);
        }
    }
}
