package org.unitofwork.scenarios;

/** The scenario suite through the programmatic API on MariaDb. */
class ProgrammaticMariaDbScenarioTest extends ScenarioSuite {
    @Override
    protected EntryPoint entryPoint() {
        return new ProgrammaticEntryPoint();
    }

    @Override
    protected TestDatabase target() {
        return TestDatabase.MARIADB;
    }
}
