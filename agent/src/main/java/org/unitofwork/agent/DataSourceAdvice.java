package org.unitofwork.agent;

import java.sql.Connection;
import java.sql.SQLException;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code getConnection()} of a configured data source class: inside a unit, the unit's
 * connection replaces what the method would return, and the method body is skipped; outside a unit,
 * and for the runtime's own borrowing, the method runs as written.
 */
final class DataSourceAdvice {
    private DataSourceAdvice() {
    }

    /** Returns the connection to hand out instead of running the body, or null to run it. */
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static Connection enter(@Advice.This Object dataSource, @AdoptedName String database) throws SQLException {
        return AdoptedDataSources.connectionFor(dataSource, database);
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Enter Connection adopted, @Advice.Return(readOnly = false) Connection returned) {
        if (adopted != null) {
            returned = adopted;
        }
    }
}
