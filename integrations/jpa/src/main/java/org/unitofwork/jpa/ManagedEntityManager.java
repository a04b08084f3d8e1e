package org.unitofwork.jpa;

import jakarta.persistence.EntityManager;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.unitofwork.Session;

/**
 * The {@code EntityManager} a unit hands out: its Hibernate session, less the calls that would take
 * the transaction or the session's lifetime from the unit. It also implements {@link
 * org.hibernate.Session}, so that {@code em.unwrap(org.hibernate.Session.class)} gives Hibernate's
 * API under the same rules.
 */
final class ManagedEntityManager implements InvocationHandler {
    /** The session's own interfaces, which {@code unwrap} answers with the managed view itself. */
    private static final Class<?>[] INTERFACES = {org.hibernate.Session.class};

    final org.hibernate.Session hibernate;
    final UnitConnection connection;
    final Session session;
    /** The unit's thread: the only one the persistence context may be used on, as the session. */
    private final Thread owner = Thread.currentThread();

    private ManagedEntityManager(org.hibernate.Session hibernate, UnitConnection connection, Session session) {
        this.hibernate = hibernate;
        this.connection = connection;
        this.session = session;
    }

    static EntityManager create(org.hibernate.Session hibernate, UnitConnection connection, Session session) {
        return (EntityManager) Proxy.newProxyInstance(org.hibernate.Session.class.getClassLoader(), INTERFACES,
                new ManagedEntityManager(hibernate, connection, session));
    }

    /** The handler behind a managed view this kind opened. */
    static ManagedEntityManager of(EntityManager managed) {
        return (ManagedEntityManager) Proxy.getInvocationHandler(managed);
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "getTransaction":
            case "beginTransaction":
                throw new IllegalStateException(method.getName() + "() is not allowed on the EntityManager of " + session
                        + ": the unit of work owns the transaction. It commits when its boundary returns and rolls back"
                        + " when it throws; call Session.setRollbackOnly() to roll back without throwing, and use a"
                        + " boundary with propagation REQUIRES_NEW for work that must commit on its own.");
            case "close":
                return null; // the unit closes it when its boundary ends, so try-with-resources does no harm
            case "unwrap":
                if (args.length == 1 && args[0] instanceof Class && ((Class<?>) args[0]).isInstance(self)) {
                    return self;
                }
                break;
            case "getDelegate":
                return self;
            case "equals":
                return self == args[0];
            case "hashCode":
                return System.identityHashCode(self);
            case "toString":
                return "EntityManager of " + session;
            default:
                break;
        }
        if (Thread.currentThread() != owner) {
            // Hibernate would only notice at the connection, after changing the persistence context:
            // the session refuses now, naming both threads.
            session.isRollbackOnly();
        }
        try {
            return method.invoke(hibernate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
