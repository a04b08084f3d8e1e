package org.unitofwork;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A statement, result set or metadata object of a unit's connection, as user code gets it: every
 * way back to a connection ({@code getConnection()}, {@code getStatement()}, {@code unwrap}) leads to
 * the unit's guarded connection, never to the pool's or the driver's, which could commit or close
 * behind the boundary. A statement is also given the unit's remaining time again before each
 * execution, so a statement prepared early cannot outlive the deadline.
 */
final class GuardedJdbcObject implements InvocationHandler {
    private final Unit unit;
    private final Connection connection;
    private final Object target;
    /** What {@code ResultSet.getStatement()} answers: the guarded statement, or null for metadata. */
    private final Object statement;

    private GuardedJdbcObject(Unit unit, Connection connection, Object target, Object statement) {
        this.unit = unit;
        this.connection = connection;
        this.target = target;
        this.statement = statement;
    }

    static Statement statement(Unit unit, Connection connection, Statement target) {
        return wrap(unit, connection, Statement.class, target, null);
    }

    static PreparedStatement prepared(Unit unit, Connection connection, PreparedStatement target) {
        return wrap(unit, connection, PreparedStatement.class, target, null);
    }

    static CallableStatement callable(Unit unit, Connection connection, CallableStatement target) {
        return wrap(unit, connection, CallableStatement.class, target, null);
    }

    static DatabaseMetaData metaData(Unit unit, Connection connection, DatabaseMetaData target) {
        return wrap(unit, connection, DatabaseMetaData.class, target, null);
    }

    private static <T> T wrap(Unit unit, Connection connection, Class<T> type, T target, Object statement) {
        return type.cast(Proxy.newProxyInstance(GuardedJdbcObject.class.getClassLoader(), new Class<?>[] {type},
                new GuardedJdbcObject(unit, connection, target, statement)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "getConnection":
                if (method.getParameterCount() == 0) {
                    return connection;
                }
                break;
            case "getStatement":
                if (method.getParameterCount() == 0 && target instanceof ResultSet) {
                    return statement;
                }
                break;
            case "unwrap":
                return unwrap(proxy, (Class<?>) args[0]);
            case "isWrapperFor":
                Class<?> type = (Class<?>) args[0];
                return type.isInstance(proxy) || isExtension(type) && (Boolean) call(method, args);
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "Guarded" + target;
            default:
                if (target instanceof Statement && method.getName().startsWith("execute")) {
                    unit.limit((Statement) target);
                }
        }
        Object result = call(method, args);
        if (result instanceof ResultSet && !(result instanceof Proxy)) {
            return wrap(unit, connection, ResultSet.class, (ResultSet) result, target instanceof Statement ? proxy : null);
        }
        return result;
    }

    private <T> Object unwrap(Object proxy, Class<T> type) throws Exception {
        if (type.isInstance(proxy)) {
            return proxy;
        }
        if (!isExtension(type)) {
            throw new GuardedConnectionException("unwrap(" + type.getName() + ") is not allowed on a statement or"
                    + " result set of " + unit.describe() + ": the driver's own object leads to its connection, whose"
                    + " commit(), rollback() and close() escape the unit. Unwrap to an interface of the driver's"
                    + " extensions instead, such as org.postgresql.PGStatement.");
        }
        return DriverExtension.view(unit, type, ((java.sql.Wrapper) target).unwrap(type));
    }

    /** A driver's extension interface: one that no JDBC type implements, so no cast leads back to JDBC. */
    private static boolean isExtension(Class<?> type) {
        return type.isInterface() && !type.getName().startsWith("java.sql.") && !Connection.class.isAssignableFrom(type)
                && !Statement.class.isAssignableFrom(type) && !ResultSet.class.isAssignableFrom(type)
                && !DatabaseMetaData.class.isAssignableFrom(type);
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
