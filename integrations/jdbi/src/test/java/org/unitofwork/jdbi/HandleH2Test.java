package org.unitofwork.jdbi;

import org.unitofwork.scenarios.TestDatabase;

/** The {@code Handle} kind on embedded H2. */
class HandleH2Test extends HandleContract {
    @Override
    TestDatabase target() {
        return TestDatabase.H2;
    }
}
