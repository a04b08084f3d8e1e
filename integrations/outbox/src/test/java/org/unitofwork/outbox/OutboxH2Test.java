package org.unitofwork.outbox;

import org.unitofwork.scenarios.TestDatabase;

/** The outbox on H2. */
class OutboxH2Test extends OutboxContract {
    @Override
    TestDatabase target() {
        return TestDatabase.H2;
    }
}
