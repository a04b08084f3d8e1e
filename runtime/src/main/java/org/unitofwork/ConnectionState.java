package org.unitofwork;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The settings a unit changed on a connection of a pool that does not reset them, as they were
 * before; put back before the connection returns to the pool. HikariCP resets them itself.
 */
final class ConnectionState {
    private final boolean autoCommitChanged;
    private final boolean autoCommit;
    private final boolean readOnlyChanged;
    private final boolean readOnly;
    private final int isolation;

    ConnectionState(Connection c, boolean autoCommitChanged, boolean readOnlyChanged, boolean isolationChanged)
            throws SQLException {
        this.autoCommitChanged = autoCommitChanged;
        this.autoCommit = autoCommitChanged && c.getAutoCommit();
        this.readOnlyChanged = readOnlyChanged;
        this.readOnly = readOnlyChanged && c.isReadOnly();
        this.isolation = isolationChanged ? c.getTransactionIsolation() : -1;
    }

    void restore(Connection c) throws SQLException {
        if (isolation != -1) {
            c.setTransactionIsolation(isolation);
        }
        if (readOnlyChanged) {
            c.setReadOnly(readOnly);
        }
        if (autoCommitChanged) {
            c.setAutoCommit(autoCommit); // last: switching auto-commit on would commit an open transaction
        }
    }
}
