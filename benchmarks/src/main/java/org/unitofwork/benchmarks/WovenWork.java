package org.unitofwork.benchmarks;

import org.unitofwork.Session;

/**
 * The work B4 runs through a method the agent weaves: a class with no annotation, as legacy code is,
 * whose methods a {@code unit} line of the agent's configuration makes units of work on the
 * benchmarks' database ({@link WovenEntryPointBenchmark#AGENT_CONFIGURATION}). Without the agent
 * its methods run without a unit.
 */
public class WovenWork {

    /** Does nothing: woven, it begins and completes a unit that never touches the database. */
    public void work() {
    }

    /**
     * The session of the unit this method runs in, which only exists when the agent wove it.
     *
     * @return the woven unit's session
     * @throws org.unitofwork.NoActiveUnitException when the class was not woven
     */
    public Session session() {
        return Session.current(PoolState.DATABASE_NAME);
    }
}
