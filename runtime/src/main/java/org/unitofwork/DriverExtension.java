package org.unitofwork;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A view of a driver's connection through one of its extension interfaces, for
 * {@link java.sql.Connection#unwrap}: it implements that interface only, so no cast reaches the
 * driver's connection, and every call checks that the unit is still active on its thread.
 */
final class DriverExtension {
    private DriverExtension() {
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
