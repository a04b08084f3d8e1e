package org.unitofwork;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * S24: the transactions of legacy code inside a unit, on the connection an {@linkplain Database#adopt
 * adopted} data source hands out. Their {@code close()} and {@code commit()} never end the unit; their
 * {@code rollback()} is the adopted source's {@link JoinMode}: with {@link JoinMode#SAVEPOINT} each
 * legacy transaction runs on a savepoint of its own, set as its first statement runs, and rolls back
 * to it while the unit goes on; with {@link JoinMode#ROLLBACK_ONLY} it dooms the unit (S6).
 */
final class LegacyTransactions {
    private LegacyTransactions() {
    }

    /**
     * The unit's connection as legacy code gets it from an adopted data source: inside a transaction
     * its own transaction calls are absorbed; without one they work as on the application's own
     * connection.
     */
    static Connection connection(Unit unit) {
        unit.connection();
        RareState r = unit.rare();
        if (r.legacyGuarded == null) {
            GuardedConnection.Mode mode = !unit.transactional ? GuardedConnection.Mode.PASS_THROUGH
                    : unit.database.connections.joinMode() == JoinMode.SAVEPOINT ? GuardedConnection.Mode.SAVEPOINT
                    : GuardedConnection.Mode.ABSORB;
            if (mode == GuardedConnection.Mode.SAVEPOINT) {
                r.legacyManual = !r.legacyLentAutoCommit;
                due(r);
            }
            r.legacyGuarded = new GuardedConnection(unit, unit.connection, mode);
        }
        return r.legacyGuarded;
    }

    /** Legacy code switched auto-commit, as it sees its connection: on commits its transaction, as JDBC says. */
    static void autoCommit(Unit unit, boolean autoCommit) throws SQLException {
        RareState r = unit.rare();
        if (autoCommit && r.legacyManual) {
            commit(unit);
        }
        r.legacyManual = !autoCommit;
        due(r);
    }

    /** Legacy code committed: its savepoint is released; the unit commits the work when it ends. */
    static void commit(Unit unit) throws SQLException {
        RareState r = unit.rare();
        Savepoint savepoint = r.legacySavepoint;
        // a savepoint set outside the running NESTED scope stays: releasing it would release the scope's too
        boolean release = savepoint != null && r.legacyLevel == r.innermostNested && !unit.poisoned;
        end(r);
        if (release) {
            Deadline.boundNetwork(unit);
            release(unit, savepoint);
        }
    }

    /**
     * Legacy code rolled back: back to its transaction's savepoint, and the unit goes on. Where that
     * cannot be done precisely, because the transaction began before the running NESTED scope or in
     * one that has ended since, the innermost transactional scope is doomed instead.
     */
    static void rollbackToSavepoint(Unit unit) throws SQLException {
        RareState r = unit.rare();
        Savepoint savepoint = r.legacySavepoint;
        boolean began = savepoint != null ? r.legacyLevel != r.innermostNested : r.legacyUnbounded;
        end(r);
        if (began) {
            unit.markRollbackOnly(null, new GuardedConnectionException("code that manages its own transactions called"
                    + " rollback() on the connection of " + unit.describe() + ", and its transaction began "
                    + (savepoint != null ? "before the NESTED boundary that runs now" : "in a NESTED boundary that has"
                    + " ended since") + ", so it could not be rolled back on its own"));
        } else if (savepoint != null && !unit.poisoned) {
            try {
                Deadline.boundNetwork(unit);
                unit.connection.rollback(savepoint);
            } catch (SQLException e) {
                // the legacy transaction's work may still be there: the unit must not commit it
                unit.markRollbackOnly(null, new GuardedConnectionException("code that manages its own transactions"
                        + " called rollback() on the connection of " + unit.describe() + ", and rolling back to its"
                        + " savepoint failed: " + e.getMessage()));
                throw e;
            } catch (Error e) {
                unit.poisoned = true;
                throw e;
            }
            release(unit, savepoint);
        }
    }

    /** The auto-commit mode legacy code set, or the pool lent the connection with. */
    static boolean seesAutoCommit(Unit unit) {
        return !unit.rare().legacyManual;
    }

    /** Legacy code closed its connection: with no transaction of its own open, it sees the pool's auto-commit again. */
    static void close(Unit unit) {
        RareState r = unit.rare();
        if (r.legacySavepoint == null && !r.legacyUnbounded) {
            r.legacyManual = !r.legacyLentAutoCommit;
            due(r);
        }
    }

    /** Before a statement of the unit runs while legacy code has auto-commit off and no transaction open. */
    static void begin(Unit unit, RareState r) throws SQLException {
        try {
            Deadline.boundNetwork(unit);
            r.legacySavepoint = unit.connection.setSavepoint();
        } catch (SQLException e) {
            throw new SQLException("The connection of " + unit.describe() + " could not set the savepoint that the"
                    + " transaction of the legacy code using it runs on (database '" + unit.database.name() + "' joins"
                    + " legacy transactions with JoinMode.SAVEPOINT): " + e.getMessage() + ". Adopt the data source"
                    + " with JoinMode.ROLLBACK_ONLY if its driver has no savepoints.", e.getSQLState(), e);
        } catch (Error e) {
            unit.poisoned = true;
            throw e;
        }
        r.legacyLevel = r.innermostNested;
        r.legacySavepointDue = false;
    }

    private static void release(Unit unit, Savepoint savepoint) {
        try {
            unit.connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            // Some drivers cannot release savepoints; the savepoint then simply lives until the unit ends.
            Unit.LOG.debug("Savepoint of a legacy transaction in {} not released: {}", unit, e.toString());
        } catch (Error e) {
            unit.poisoned = true;
            throw e;
        }
    }

    private static void end(RareState r) {
        r.legacySavepoint = null;
        r.legacyLevel = null;
        r.legacyUnbounded = false;
        due(r);
    }

    /** Whether the next statement must first set the savepoint of a legacy transaction. */
    static void due(RareState r) {
        r.legacySavepointDue = r.legacyManual && r.legacySavepoint == null && !r.legacyUnbounded;
    }

    /** Code that manages its own transactions rolled back on the unit's connection: the unit must not commit. */
    static void rollbackOnly(Unit unit) {
        unit.markRollbackOnly(null, new GuardedConnectionException("code that manages its own transactions called"
                + " rollback() on the connection of " + unit.describe()));
    }
}
