package org.unitofwork.jdbi;

import org.unitofwork.scenarios.TestDatabase;

/** The {@code Handle} kind on the PostgreSQL server. */
class HandlePostgresTest extends HandleContract {
    @Override
    TestDatabase target() {
        return TestDatabase.POSTGRES;
    }
}
