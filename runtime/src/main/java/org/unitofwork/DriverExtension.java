package org.unitofwork;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * A view of a driver's connection through one of its extension interfaces, for
 * {@link java.sql.Connection#unwrap}: it implements that interface only, so no cast reaches the
 * driver's connection, and every call checks that the unit is still active on its thread.
 */
final class DriverExtension {
    private DriverExtension() {
    }

    /**
     * {@code unwrap} for a guarded JDBC object: the guard itself for the interfaces it implements, a
     * view for a driver's extension interface, and a refusal for anything that leads back to the
     * driver's objects.
     */
    static <T> T unwrap(Unit unit, Object guard, Wrapper target, Class<T> iface) throws SQLException {
        if (iface.isInstance(guard)) {
            return iface.cast(guard);
        }
        if (!isExtension(iface)) {
            throw new GuardedConnectionException("unwrap(" + iface.getName() + ") is not allowed on the connection of "
                    + unit.describe() + " or on what it hands out: it would lead to the driver's own connection, whose"
                    + " commit(), rollback() and close() escape the unit. Unwrap to an interface of the driver's"
                    + " extensions instead, such as org.postgresql.PGConnection.");
        }
        return view(unit, iface, target.unwrap(iface));
    }

    static boolean isWrapperFor(Object guard, Wrapper target, Class<?> iface) throws SQLException {
        return iface.isInstance(guard) || isExtension(iface) && target.isWrapperFor(iface);
    }

    /** A driver's own interface, outside JDBC: no JDBC type implements it, so no cast leads back to JDBC. */
    private static boolean isExtension(Class<?> type) {
        return type.isInterface() && !type.getName().startsWith("java.sql.") && !Wrapper.class.isAssignableFrom(type);
    }

    static <T> T view(Unit unit, Class<T> extension, T target) {
        Object view = Proxy.newProxyInstance(extension.getClassLoader(), new Class<?>[] {extension},
                (proxy, method, args) -> {
                    unit.checkUsable();
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return extension.cast(view);
    }
}
