package org.unitofwork.jooq;

import org.jooq.SQLDialect;
import org.unitofwork.scenarios.TestDatabase;

/** The {@code DSLContext} kind on the PostgreSQL server. */
class DslContextPostgresTest extends DslContextContract {
    @Override
    TestDatabase target() {
        return TestDatabase.POSTGRES;
    }

    @Override
    SQLDialect dialect() {
        return SQLDialect.POSTGRES;
    }
}
