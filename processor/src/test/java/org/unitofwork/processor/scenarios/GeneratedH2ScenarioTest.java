package org.unitofwork.processor.scenarios;

import org.unitofwork.scenarios.EntryPoint;
import org.unitofwork.scenarios.ScenarioSuite;
import org.unitofwork.scenarios.TestDatabase;

/** The scenario suite through processor-generated wrappers on H2. */
class GeneratedH2ScenarioTest extends ScenarioSuite {
    @Override
    protected EntryPoint entryPoint() {
        return new GeneratedEntryPoint();
    }

    @Override
    protected TestDatabase target() {
        return TestDatabase.H2;
    }
}
