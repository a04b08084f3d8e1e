package org.unitofwork.scenarios;

/** The scenario suite through the programmatic API on Postgres. */
class ProgrammaticPostgresScenarioTest extends ScenarioSuite {
    @Override
    protected EntryPoint entryPoint() {
        return new ProgrammaticEntryPoint();
    }

    @Override
    protected TestDatabase target() {
        return TestDatabase.POSTGRES;
    }
}
