package org.unitofwork;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A statement of a unit's connection, as user code gets it: the methods with behaviour.
 * {@code getConnection()} leads back to the unit's guarded connection, never to the pool's or the
 * driver's, which could commit or close behind the boundary. Before each execution the generated
 * {@code execute*} methods have the unit bound the statement by its deadline (S16), given the query
 * timeout user code set here. After the unit ended on its thread, {@code close()} and
 * {@code isClosed()} answer without the driver: the unit's end closed the statement.
 */
@GenerateGuards({Statement.class, PreparedStatement.class, CallableStatement.class})
abstract class StatementGuard extends Guard implements Statement {
    private final Connection connection;
    private final Statement statement;
    /** The query timeout user code set, in seconds, 0 for none; the driver's may be smaller (S16). */
    int queryTimeout;

    StatementGuard(Unit unit, Connection connection, Statement delegate) {
        super(unit, delegate);
        this.connection = connection;
        this.statement = delegate;
    }

    @Override
    final Statement resultSetOwner() {
        return this;
    }

    @Override
    public Connection getConnection() {
        unit.checkUsable(this);
        return connection;
    }

    @Override
    public int getQueryTimeout() {
        unit.checkUsable(this);
        return Deadline.queryTimeout(unit, queryTimeout);
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        unit.checkUsable(this);
        try {
            statement.setQueryTimeout(seconds);
        } catch (Throwable t) {
            if (!(t instanceof Exception)) {
                unit.poisoned = true;
            }
            throw t;
        }
        queryTimeout = seconds;
    }
}
