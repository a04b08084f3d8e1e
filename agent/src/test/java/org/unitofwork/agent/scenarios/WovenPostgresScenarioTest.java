package org.unitofwork.agent.scenarios;

import org.unitofwork.scenarios.EntryPoint;
import org.unitofwork.scenarios.ScenarioSuite;
import org.unitofwork.scenarios.TestDatabase;

/** The scenario suite through methods the agent wove, on Postgres (S20). */
class WovenPostgresScenarioTest extends ScenarioSuite {
    @Override
    protected EntryPoint entryPoint() {
        return new WovenEntryPoint();
    }

    @Override
    protected TestDatabase target() {
        return TestDatabase.POSTGRES;
    }
}
