package org.unitofwork.benchmarks;

import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

/**
 * The work B4 runs through the wrapper the annotation processor generates from this class,
 * {@code ManagedWrappedWork}: it takes the session and needs no database.
 */
public class WrappedWork {

    /**
     * Does nothing with the session it is given.
     *
     * @param session the unit's session, supplied by the generated wrapper
     */
    @UnitOfWork(database = PoolState.DATABASE_NAME)
    public void work(Session session) {
    }
}
