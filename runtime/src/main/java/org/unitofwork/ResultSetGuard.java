package org.unitofwork;

import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A result set of a unit's connection, as user code gets it: the methods with behaviour.
 * {@code getStatement()} leads back to the guarded statement (or to nothing, for metadata and
 * arrays), never to the driver's, whose connection could end the unit behind its boundary. After
 * the unit ended on its thread, {@code close()} and {@code isClosed()} answer without the driver.
 */
@GenerateGuards(ResultSet.class)
abstract class ResultSetGuard extends Guard implements ResultSet {
    /** The guarded statement that produced it, or null. */
    private final Statement statement;

    ResultSetGuard(Unit unit, Statement statement, ResultSet delegate) {
        super(unit, delegate);
        this.statement = statement;
    }

    @Override
    final Statement resultSetOwner() {
        return statement;
    }

    @Override
    public Statement getStatement() {
        unit.checkUsable(this);
        return statement;
    }
}
