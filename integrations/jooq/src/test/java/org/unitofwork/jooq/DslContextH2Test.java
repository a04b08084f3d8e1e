package org.unitofwork.jooq;

import org.jooq.SQLDialect;
import org.unitofwork.scenarios.TestDatabase;

/** The {@code DSLContext} kind on embedded H2. */
class DslContextH2Test extends DslContextContract {
    @Override
    TestDatabase target() {
        return TestDatabase.H2;
    }

    @Override
    SQLDialect dialect() {
        return SQLDialect.H2;
    }
}
