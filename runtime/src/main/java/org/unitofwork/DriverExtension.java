package org.unitofwork;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.Wrapper;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Views of a driver's objects through its extension interfaces, for {@code unwrap}: a view implements
 * only such interfaces, so no cast reaches the driver's JDBC objects, and every call checks that the
 * unit is still active on its thread. What a view's methods return is handed out by the same rules
 * as the JDBC guards': values as they are, JDBC objects guarded, the driver's interfaces as views.
 * A concrete class of the driver cannot be viewed: pgJDBC's {@code CopyManager} is rebuilt over a
 * checked connection; any other ({@code LargeObjectManager}, {@code Fastpath}…) is refused before
 * the driver is called, with the alternative named.
 */
final class DriverExtension {
    private static final String PG_COPY_MANAGER = "org.postgresql.copy.CopyManager";

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
        return iface.cast(view(unit, iface.getClassLoader(), new Class<?>[] {iface}, target.unwrap(iface)));
    }

    static boolean isWrapperFor(Unit unit, Object guard, Wrapper target, Class<?> iface) throws SQLException {
        return iface.isInstance(guard) || isExtension(iface) && target.isWrapperFor(iface);
    }

    /**
     * A driver's own interface, outside JDBC and the JDK: no JDBC type implements it, so no cast leads
     * back to JDBC, and none of the JDK's ({@code AutoCloseable}…) reaches the driver's {@code close()}.
     */
    private static boolean isExtension(Class<?> type) {
        String name = type.getName();
        return type.isInterface() && !name.startsWith("java.") && !name.startsWith("javax.")
                && !Wrapper.class.isAssignableFrom(type);
    }

    private static Object view(Unit unit, ClassLoader loader, Class<?>[] interfaces, Object target) {
        return target == null ? null : Proxy.newProxyInstance(loader, interfaces, new View(unit, target, null));
    }

    /** What a view's method returned, as user code may have it. */
    static Object handOut(Unit unit, Method method, Class<?> type, Object value) {
        if (value == null || type.isPrimitive() || value instanceof Enum) {
            return value;
        }
        if (value instanceof Object[] values) {
            Object[] copy = values.clone();
            for (int i = 0; i < copy.length; i++) {
                copy[i] = handOut(unit, method, type.getComponentType(), copy[i]);
            }
            return copy;
        }
        Object guarded = Guard.guardValue(unit, null, value);
        if (guarded != value) {
            return guarded;
        }
        String name = value.getClass().getName();
        if (value instanceof Wrapper) {
            throw refused(unit, method, value.getClass());
        }
        if (name.startsWith("java.") || name.startsWith("javax.")) {
            return value;
        }
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = value.getClass(); c != null; c = c.getSuperclass()) {
            extensionInterfaces(c.getInterfaces(), interfaces);
        }
        if (interfaces.isEmpty()) {
            throw refused(unit, method, value.getClass());
        }
        return view(unit, value.getClass().getClassLoader(), interfaces.toArray(new Class<?>[0]), value);
    }

    private static void extensionInterfaces(Class<?>[] candidates, Set<Class<?>> found) {
        for (Class<?> i : candidates) {
            if (isExtension(i) && Modifier.isPublic(i.getModifiers())) {
                found.add(i);
            }
            extensionInterfaces(i.getInterfaces(), found);
        }
    }

    static GuardedConnectionException refused(Unit unit, Method method, Class<?> type) {
        String alternative = switch (type.getName()) {
            case "org.postgresql.largeobject.LargeObjectManager" -> "Use the JDBC Blob API of the unit's connection"
                    + " instead (ResultSet.getBlob, PreparedStatement.setBlob), or the server's lo_* functions"
                    + " (lo_from_bytea, lo_get, lo_put, lo_unlink) through its statements.";
            case "org.postgresql.fastpath.Fastpath" -> "Call the server function with SELECT through a"
                    + " PreparedStatement of the unit's connection instead.";
            default -> "Use the JDBC API of the unit's connection instead.";
        };
        return new GuardedConnectionException(method.getDeclaringClass().getName() + "." + method.getName()
                + "() is not available on the connection of " + unit.describe() + ": it returns " + type.getName()
                + ", an object of the driver that works on the physical connection directly, which the unit cannot"
                + " confine to its thread and lifetime. " + alternative);
    }

    /**
     * pgJDBC's {@code CopyManager}, built by its public constructor over a connection that lets through
     * only what the manager uses, each call checked: the manager does all its I/O through the query
     * executor it takes from that connection, and the copy operations that executor starts are views.
     */
    private static Object copyManager(Unit unit, Method method, Object pgConnection) throws Exception {
        Class<?> managerType = method.getReturnType();
        ClassLoader loader = managerType.getClassLoader();
        Class<?> baseConnection = Class.forName("org.postgresql.core.BaseConnection", false, loader);
        Class<?> queryExecutor = Class.forName("org.postgresql.core.QueryExecutor", false, loader);
        if (!baseConnection.isInstance(pgConnection)) {
            throw refused(unit, method, managerType);
        }
        Object executor = Proxy.newProxyInstance(loader, new Class<?>[] {queryExecutor}, new View(unit,
                baseConnection.getMethod("getQueryExecutor").invoke(pgConnection), Set.of("startCopy")));
        Object connection = Proxy.newProxyInstance(loader, new Class<?>[] {baseConnection},
                new CopyConnection(unit, pgConnection, executor));
        return managerType.getConstructor(baseConnection).newInstance(connection);
    }

    /** The handler of a view: checks, calls the driver, hands out what it returns. */
    static class View implements InvocationHandler {
        private final Unit unit;
        private final Object target;
        /** The only methods a view that backs a driver class may call; null: all of them. */
        private final Set<String> allowed;

        View(Unit unit, Object target, Set<String> allowed) {
            this.unit = unit;
            this.target = target;
            this.allowed = allowed;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "Guarded view of " + target.getClass().getName() + " in " + unit.describe();
                };
            }
            unit.checkUsable(proxy);
            if (allowed != null && !allowed.contains(method.getName())) {
                throw new GuardedConnectionException(method.getDeclaringClass().getName() + "." + method.getName()
                        + "() is not available on the connection of " + unit.describe() + ": only CopyManager may"
                        + " use it.");
            }
            Class<?> type = method.getReturnType();
            String name = type.getName();
            if (!type.isInterface() && !type.isPrimitive() && !type.isArray() && !type.isEnum()
                    && !name.startsWith("java.") && !name.startsWith("javax.") && allowed == null) {
                // a class of the driver: decided before the driver is called, which may already work on the connection
                if (name.equals(PG_COPY_MANAGER)) {
                    return copyManager(unit, method, target);
                }
                throw refused(unit, method, type);
            }
            Object result = call(method, args);
            return allowed == null || name.startsWith("org.postgresql.copy.") ? handOut(unit, method, type, result)
                    : result;
        }

        Object call(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (!(cause instanceof Exception)) {
                    unit.poisoned = true;
                }
                throw cause;
            } catch (Throwable t) {
                if (!(t instanceof Exception)) {
                    unit.poisoned = true;
                }
                throw t;
            }
        }
    }

    /** The connection a guarded {@code CopyManager} is built over: its query executor is a view too. */
    static final class CopyConnection extends View {
        private final Object executor;

        CopyConnection(Unit unit, Object pgConnection, Object executor) {
            super(unit, pgConnection, Set.of("getEncoding", "getAutoCommit", "getQueryExecutor"));
            this.executor = executor;
        }

        @Override
        Object call(Method method, Object[] args) throws Throwable {
            return method.getName().equals("getQueryExecutor") ? executor : super.call(method, args);
        }
    }
}
