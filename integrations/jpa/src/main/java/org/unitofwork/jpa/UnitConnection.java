package org.unitofwork.jpa;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import org.unitofwork.Session;

/**
 * The connection a unit's Hibernate session works on: a view of the unit's guarded connection,
 * borrowed only when Hibernate first needs the database, so that an injected but unused
 * {@code EntityManager} borrows nothing (S11).
 *
 * <p>The unit owns the transaction, yet Hibernate drives its own resource-local one on this
 * connection. While {@link #driving} runs, the kind is steering Hibernate's transaction in step with
 * the unit: its {@code setAutoCommit}, {@code commit()} and {@code rollback()} are absorbed, since the
 * unit sets auto-commit and ends the real transaction itself. At any other time the calls reach the
 * guarded connection, which refuses them and says why, as it does for any other code of the unit.
 */
final class UnitConnection implements InvocationHandler {
    private final Session session;
    /** What the unit's connection runs in: auto-commit exactly when the unit has no transaction. */
    private final boolean autoCommit;
    private final Connection proxy;
    /** The unit's guarded connection, once Hibernate needed it. */
    private Connection connection;
    private boolean driving;

    UnitConnection(Session session) {
        this.session = session;
        this.autoCommit = !session.isTransactional();
        this.proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, this);
    }

    /** The view to hand to Hibernate. */
    Connection connection() {
        return proxy;
    }

    /** Runs a step of Hibernate's transaction that the unit does for real, absorbing its connection calls. */
    void driving(Runnable step) {
        driving = true;
        try {
            step.run();
        } finally {
            driving = false;
        }
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "commit":
            case "setAutoCommit":
                if (driving) {
                    return null;
                }
                break;
            case "rollback":
                if (driving && (args == null || args.length == 0)) {
                    return null;
                }
                break;
            case "getAutoCommit":
                if (connection == null) {
                    return autoCommit; // Hibernate asks when it opens: no reason to borrow yet
                }
                break;
            case "close":
                return null; // Hibernate never closes a connection it was given; the unit releases it
            case "isClosed":
                if (connection == null) {
                    return false;
                }
                break;
            case "equals":
                return self == args[0];
            case "hashCode":
                return System.identityHashCode(self);
            case "toString":
                return "Connection of " + session;
            default:
                break;
        }
        Connection target = connection;
        if (target == null) {
            target = session.connection();
            connection = target;
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
