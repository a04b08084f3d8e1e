package org.unitofwork;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executor;

/**
 * The connection a unit hands to user code: the methods with behaviour. It keeps the end of the unit
 * to the boundary (S12): {@code close()} does nothing, the calls that would end or escape the
 * transaction throw (or, for code that manages its own transactions, do what its {@link Mode} says).
 * What it hands out is guarded in turn and leads back only here. {@code GuardedConnection} holds the
 * rest, checked and delegated.
 */
@GenerateGuards(Connection.class)
abstract class ConnectionGuard extends Guard implements Connection {

    /** What the connection does with the caller's own transaction calls. */
    enum Mode {
        /** Refuses them: the boundary ends the unit. What {@link Session#connection()} hands out. */
        STRICT,
        /**
         * Absorbs them, for legacy code that commits by hand, given an {@linkplain Database#adopt
         * adopted} data source's connection inside a transaction ({@link JoinMode#ROLLBACK_ONLY}):
         * {@code commit()} and {@code setAutoCommit} do nothing, {@code rollback()} makes the unit
         * roll back.
         */
        ABSORB,
        /**
         * Runs each of that code's transactions on a savepoint of the unit ({@link JoinMode#SAVEPOINT}):
         * {@code commit()} releases it, {@code rollback()} rolls back to it, {@code setAutoCommit}
         * starts and ends them and {@code getAutoCommit} answers as on the application's own connection.
         */
        SAVEPOINT,
        /** Passes them through, for such code in a unit without a transaction: it behaves as before. */
        PASS_THROUGH
    }

    private final Mode mode;
    /** The pool's connection, for the methods here; null once the unit has given it back. */
    private Connection connection;

    ConnectionGuard(Unit unit, Connection delegate, Mode mode) {
        super(unit, delegate);
        this.connection = delegate;
        this.mode = mode;
    }

    /** Called when the unit gives the connection back: from now on it is closed. */
    void invalidate() {
        connection = null;
    }

    final Statement wrap(Statement s) {
        return new GuardedStatement(unit, this, s);
    }

    final PreparedStatement wrap(PreparedStatement s) {
        return new GuardedPreparedStatement(unit, this, s);
    }

    final CallableStatement wrap(CallableStatement s) {
        return new GuardedCallableStatement(unit, this, s);
    }

    final DatabaseMetaData wrap(DatabaseMetaData m) throws SQLException {
        Deadline.boundNetwork(unit); // S16: the driver answers much of it with queries
        return new GuardedDatabaseMetaData(unit, this, m);
    }

    private GuardedConnectionException refused(String call, String why) {
        return new GuardedConnectionException(call + " is not allowed on the connection of " + unit.describe()
                + ": " + why);
    }

    @Override
    public void close() {
        // S12: the unit releases the connection when its boundary ends; closing it early would break the unit.
        if (mode == Mode.SAVEPOINT && connection != null && Thread.currentThread() == unit.owner) {
            LegacyTransactions.close(unit);
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        Connection c = connection;
        if (c == null) {
            return true;
        }
        unit.checkUsable(this);
        try {
            return c.isClosed();
        } catch (Throwable t) {
            if (!(t instanceof Exception)) {
                unit.poisoned = true;
            }
            throw t;
        }
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        Connection c = connection;
        try {
            return c != null && Thread.currentThread() == unit.owner && c.isValid(timeout);
        } catch (Throwable t) {
            if (!(t instanceof Exception)) {
                unit.poisoned = true;
            }
            throw t;
        }
    }

    @Override
    public void commit() throws SQLException {
        unit.checkUsable(this);
        if (mode == Mode.STRICT) { // S12
            throw refused("commit()", "the unit commits when its boundary returns. To commit part of the work on"
                    + " its own, run that part in a boundary with propagation REQUIRES_NEW.");
        }
        if (mode == Mode.SAVEPOINT) { // S24: the legacy transaction's savepoint is released, the unit goes on
            LegacyTransactions.commit(unit);
        } else if (mode == Mode.PASS_THROUGH) {
            try {
                connection.commit();
            } catch (Throwable t) {
                if (!(t instanceof Exception)) {
                    unit.poisoned = true;
                }
                throw t;
            }
        }
        // ABSORB and SAVEPOINT: the unit commits when its boundary returns
    }

    @Override
    public void rollback() throws SQLException {
        unit.checkUsable(this);
        if (mode == Mode.STRICT) { // S12
            throw refused("rollback()", "the unit rolls back when its boundary throws. Throw, call"
                    + " Session.setRollbackOnly(), or roll back to a savepoint of your own with rollback(Savepoint).");
        }
        if (mode == Mode.ABSORB) { // S24: JoinMode.ROLLBACK_ONLY
            LegacyTransactions.rollbackOnly(unit);
            return;
        }
        if (mode == Mode.SAVEPOINT) { // S24: JoinMode.SAVEPOINT
            LegacyTransactions.rollbackToSavepoint(unit);
            return;
        }
        try {
            connection.rollback();
        } catch (Throwable t) {
            if (!(t instanceof Exception)) {
                unit.poisoned = true;
            }
            throw t;
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        unit.checkUsable(this);
        if (mode == Mode.SAVEPOINT) {
            // as legacy code set it: code that switches auto-commit off only when it reads it on
            return LegacyTransactions.seesAutoCommit(unit);
        }
        try {
            return connection.getAutoCommit();
        } catch (Throwable t) {
            if (!(t instanceof Exception)) {
                unit.poisoned = true;
            }
            throw t;
        }
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        unit.checkUsable(this);
        try {
            if (mode == Mode.PASS_THROUGH) {
                connection.setAutoCommit(autoCommit);
            } else if (mode == Mode.SAVEPOINT) {
                LegacyTransactions.autoCommit(unit, autoCommit);
            } else if (mode == Mode.STRICT && autoCommit != connection.getAutoCommit()) { // S12
                throw refused("setAutoCommit(" + autoCommit + ")", autoCommit
                        ? "auto-commit would commit each statement on its own and end the unit's transaction. Use"
                        + " propagation NOT_SUPPORTED for work that must run without a transaction."
                        : "this unit runs without a transaction (its propagation says so). Use propagation REQUIRED"
                        + " for work that needs one.");
            }
        } catch (Throwable t) {
            if (!(t instanceof Exception)) {
                unit.poisoned = true;
            }
            throw t;
        }
    }

    @Override
    public void abort(Executor executor) {
        unit.checkUsable(this);
        throw refused("abort(Executor)", "it would close the connection behind the unit's back. Throw to roll the"
                + " unit back; set timeoutSeconds on the boundary to bound its time.");
    }

    @Override
    public String toString() {
        return "GuardedConnection[" + unit + "]";
    }
}
