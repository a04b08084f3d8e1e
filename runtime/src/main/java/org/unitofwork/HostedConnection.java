package org.unitofwork;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * The connection of a unit opened inside a host ({@link org.unitofwork.spi.HostUnit}): the host's own
 * connection, on which the unit's transaction is a savepoint set when it borrows. The unit runs
 * unchanged on it: its commit releases the savepoint, its rollback rolls back to it, and giving it back
 * leaves the host's connection where it is. What the unit would set on a connection of its own
 * (read-only, isolation, auto-commit) is remembered and answered, never applied: the host's
 * transaction is under way. A unit without a transaction (auto-commit) keeps its statements when it
 * ends, as auto-commit would, unless the database aborted the host's transaction after one of them
 * failed (PostgreSQL): then it is rolled back to its savepoint, so that the host can go on.
 *
 * <p>Tests only ever run through it, so it is a dynamic proxy rather than a hand-written delegate.
 */
final class HostedConnection implements InvocationHandler {
    private final Unit unit;
    private final Unit host;
    private final Connection connection;
    private final Savepoint savepoint;
    private boolean autoCommit;
    private Boolean readOnly;
    private Integer isolation;
    /** Whether the unit's transaction ended: savepoint released or rolled back to. */
    private boolean ended;
    private boolean closed;

    private HostedConnection(Unit unit, Unit host, Connection connection, Savepoint savepoint) {
        this.unit = unit;
        this.host = host;
        this.connection = connection;
        this.savepoint = savepoint;
    }

    /** The connection of {@code unit}, which runs inside {@code host}: a new savepoint on the host's connection. */
    static Connection open(Unit unit, Unit host) {
        Connection hosts = Hosting.connectionOf(host);
        Savepoint savepoint;
        try {
            savepoint = hosts.setSavepoint();
        } catch (SQLException e) {
            throw new ConnectionUnavailableException(unit.describeAtStart() + " runs inside " + host.describe()
                    + " on a savepoint of its connection, but the savepoint could not be set: " + e.getMessage()
                    + ". The driver must support savepoints for units to run inside a test's unit.", e);
        }
        return (Connection) Proxy.newProxyInstance(HostedConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new HostedConnection(unit, host, hosts, savepoint));
    }

    /**
     * Evicting a hosted connection leaves the host's connection in an unknown state: the host evicts it
     * when it ends.
     *
     * @return whether {@code connection} is a hosted one, now given up; false for any other connection
     */
    static boolean evict(Connection connection) {
        HostedConnection hosted = of(connection);
        if (hosted == null) {
            return false;
        }
        hosted.ended = true;
        hosted.closed = true;
        hosted.host.poisoned = true;
        return true;
    }

    private static HostedConnection of(Connection connection) {
        return Proxy.isProxyClass(connection.getClass())
                && Proxy.getInvocationHandler(connection) instanceof HostedConnection
                ? (HostedConnection) Proxy.getInvocationHandler(connection) : null;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        int arity = args == null ? 0 : args.length;
        switch (name) {
            case "commit":
                ended = true;
                connection.releaseSavepoint(savepoint);
                return null;
            case "rollback":
                if (arity == 0) {
                    ended = true;
                    connection.rollback(savepoint);
                    return null;
                }
                break;
            case "close":
                close();
                return null;
            case "isClosed":
                return closed || connection.isClosed();
            case "setAutoCommit":
                autoCommit = (Boolean) args[0];
                return null;
            case "getAutoCommit":
                return autoCommit;
            case "setReadOnly":
                readOnly = (Boolean) args[0];
                return null;
            case "isReadOnly":
                return readOnly != null ? readOnly : connection.isReadOnly();
            case "setTransactionIsolation":
                isolation = (Integer) args[0];
                return null;
            case "getTransactionIsolation":
                return isolation != null ? isolation : connection.getTransactionIsolation();
            case "abort":
                evict((Connection) proxy);
                return null;
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "HostedConnection[" + unit.describe() + ", on a savepoint of " + host.describe() + "]";
            default:
                break;
        }
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Gives the connection back: a unit in auto-commit mode keeps its statements, as auto-commit would. */
    private void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        if (ended) {
            return;
        }
        ended = true;
        try {
            if (!autoCommit) {
                connection.rollback(savepoint); // a transaction its unit did not end is not kept
                return;
            }
            connection.releaseSavepoint(savepoint);
        } catch (SQLException aborted) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException e) {
                aborted.addSuppressed(e);
                host.poisoned = true;
                throw aborted;
            }
        }
    }
}
