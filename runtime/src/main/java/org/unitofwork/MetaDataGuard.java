package org.unitofwork;

import java.sql.Connection;
import java.sql.DatabaseMetaData;

/**
 * The metadata of a unit's connection, as user code gets it: {@code getConnection()} leads back to
 * the unit's guarded connection. The driver answers much of it with queries on the live connection,
 * so it is confined like the connection itself.
 */
@GenerateGuards(DatabaseMetaData.class)
abstract class MetaDataGuard extends Guard implements DatabaseMetaData {
    private final Connection connection;

    MetaDataGuard(Unit unit, Connection connection, DatabaseMetaData delegate) {
        super(unit, delegate);
        this.connection = connection;
    }

    @Override
    public Connection getConnection() {
        unit.checkUsable(this);
        return connection;
    }
}
