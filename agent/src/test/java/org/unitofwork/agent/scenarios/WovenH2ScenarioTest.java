package org.unitofwork.agent.scenarios;

import org.unitofwork.scenarios.EntryPoint;
import org.unitofwork.scenarios.ScenarioSuite;
import org.unitofwork.scenarios.TestDatabase;

/** The scenario suite through methods the agent wove, on H2 (S20). */
class WovenH2ScenarioTest extends ScenarioSuite {
    @Override
    protected EntryPoint entryPoint() {
        return new WovenEntryPoint();
    }

    @Override
    protected TestDatabase target() {
        return TestDatabase.H2;
    }
}
