package org.unitofwork.jpa;

import org.unitofwork.scenarios.TestDatabase;

/** The scenario suite with JPA writes, through the programmatic API, on Postgres. */
class JpaPostgresScenarioTest extends JpaScenarioSuite {
    @Override
    protected TestDatabase target() {
        return TestDatabase.POSTGRES;
    }
}
