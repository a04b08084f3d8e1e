package org.unitofwork.outbox;

import org.unitofwork.scenarios.TestDatabase;

/** The outbox on Postgres. */
class OutboxPostgresTest extends OutboxContract {
    @Override
    TestDatabase target() {
        return TestDatabase.POSTGRES;
    }
}
