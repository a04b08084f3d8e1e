package org.unitofwork.jpa;

import org.unitofwork.scenarios.TestDatabase;

/** The scenario suite with JPA writes, through the programmatic API, on H2. */
class JpaH2ScenarioTest extends JpaScenarioSuite {
    @Override
    protected TestDatabase target() {
        return TestDatabase.H2;
    }
}
