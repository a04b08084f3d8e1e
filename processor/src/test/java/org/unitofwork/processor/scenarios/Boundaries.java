package org.unitofwork.processor.scenarios;

import org.unitofwork.Isolation;
import org.unitofwork.Propagation;
import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;
import org.unitofwork.scenarios.BoundaryKind;
import org.unitofwork.scenarios.EntryPoint.Work;

/**
 * One {@code @UnitOfWork} method per {@link BoundaryKind}, with exactly the attributes the kind lists.
 * The processor turns it into {@code ManagedBoundaries} while this module's tests compile, and the
 * scenario suite runs through that wrapper.
 */
class Boundaries {

    @UnitOfWork
    <T> T required(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(propagation = Propagation.REQUIRES_NEW)
    <T> T requiresNew(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(propagation = Propagation.NESTED)
    <T> T nested(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(propagation = Propagation.MANDATORY)
    <T> T mandatory(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(propagation = Propagation.SUPPORTS)
    <T> T supports(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(propagation = Propagation.NOT_SUPPORTED)
    <T> T notSupported(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(propagation = Propagation.NEVER)
    <T> T never(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(readOnly = true)
    <T> T readOnly(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(isolation = Isolation.SERIALIZABLE)
    <T> T serializable(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(timeoutSeconds = 1)
    <T> T timeout1s(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(rollbackFor = NumberFormatException.class, noRollbackFor = IllegalArgumentException.class)
    <T> T rules(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(retries = 3)
    <T> T retries3(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }

    @UnitOfWork(database = "other")
    <T> T otherDatabase(Session session, Work<T> work) throws Exception {
        return work.apply(session);
    }
}
