package org.unitofwork;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A connection's settings as a pool that does not reset them lent it, put back before the
 * connection returns: the unit's changes, and those of legacy code running without a transaction.
 * HikariCP resets them itself.
 */
final class ConnectionState {
    private final boolean autoCommit;
    private final boolean readOnly;
    /** The isolation level, when the unit changes it; else -1 (reading it can cost a round trip). */
    private final int isolation;

    ConnectionState(Connection c, boolean isolationChanges) throws SQLException {
        this.autoCommit = c.getAutoCommit();
        this.readOnly = c.isReadOnly();
        this.isolation = isolationChanges ? c.getTransactionIsolation() : -1;
    }

    void restore(Connection c) throws SQLException {
        boolean inTransaction = !c.getAutoCommit();
        if (inTransaction) {
            c.rollback(); // nothing of the unit is open any more; only work its code never committed
        }
        if (isolation != -1) {
            c.setTransactionIsolation(isolation);
        }
        if (c.isReadOnly() != readOnly) {
            c.setReadOnly(readOnly);
        }
        if (inTransaction == autoCommit) {
            c.setAutoCommit(autoCommit);
        }
    }
}
