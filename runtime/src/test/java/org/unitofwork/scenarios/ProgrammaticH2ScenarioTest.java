package org.unitofwork.scenarios;

/** The scenario suite through the programmatic API on H2. */
class ProgrammaticH2ScenarioTest extends ScenarioSuite {
    @Override
    protected EntryPoint entryPoint() {
        return new ProgrammaticEntryPoint();
    }

    @Override
    protected TestDatabase target() {
        return TestDatabase.H2;
    }
}
