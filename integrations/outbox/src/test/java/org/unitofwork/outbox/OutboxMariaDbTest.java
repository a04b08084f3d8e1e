package org.unitofwork.outbox;

import org.unitofwork.scenarios.TestDatabase;

/** The outbox on MariaDb. */
class OutboxMariaDbTest extends OutboxContract {
    @Override
    TestDatabase target() {
        return TestDatabase.MARIADB;
    }
}
