package com.example.woven;

import org.unitofwork.Isolation;
import org.unitofwork.Propagation;
import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;
import org.unitofwork.scenarios.BoundaryKind;
import org.unitofwork.scenarios.EntryPoint.Work;

/**
 * One plain {@code @UnitOfWork} method per {@link BoundaryKind}, with exactly its attributes,
 * compiled without the processor: the agent weaves them, and the scenario suite runs through them.
 * The session parameter is supplied by the woven boundary; callers pass null.
 */
public class ScenarioBoundaries {

    @UnitOfWork
    public <T> T required(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(propagation = Propagation.REQUIRES_NEW)
    public <T> T requiresNew(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(propagation = Propagation.NESTED)
    public <T> T nested(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(propagation = Propagation.MANDATORY)
    public <T> T mandatory(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(propagation = Propagation.SUPPORTS)
    public <T> T supports(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(propagation = Propagation.NOT_SUPPORTED)
    public <T> T notSupported(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(propagation = Propagation.NEVER)
    public <T> T never(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(readOnly = true)
    public <T> T readOnly(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(isolation = Isolation.SERIALIZABLE)
    public <T> T serializable(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(timeoutSeconds = 1)
    public <T> T timeout1s(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(rollbackFor = NumberFormatException.class, noRollbackFor = IllegalArgumentException.class)
    public <T> T rules(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(retries = 3)
    public <T> T retries3(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(database = "other")
    public <T> T otherDatabase(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }
}
