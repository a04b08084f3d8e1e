package org.unitofwork;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.unitofwork.scenarios.TestDatabase;

/**
 * A driver that fails in the middle: it hands out the real connections of the data source it wraps,
 * and throws a chosen {@code Throwable} on the next call of a chosen method of one of its connections
 * or statements. A pool on top of it (HikariCP, given it with {@code setDataSource}) cannot tell it
 * from the driver, so what the pool and the units do with a struck connection is observable.
 *
 * <p>Before it throws, it notes the server's id of the session it struck on, read on the real
 * connection, so that a test can check that this session is never handed out again.
 */
final class FaultInjectingDataSource implements DataSource {

    /** Whether the fault strikes before the driver is called, or after the driver did its work. */
    enum When { BEFORE_THE_DRIVER, AFTER_THE_DRIVER }

    private record Fault(String method, Throwable error, When when) { }

    private final DataSource target;
    private final TestDatabase database;
    private final AtomicReference<Fault> armed = new AtomicReference<>();
    private final List<Long> struckSessions = new CopyOnWriteArrayList<>();
    private final List<Long> abortedSessions = new CopyOnWriteArrayList<>();

    FaultInjectingDataSource(DataSource target, TestDatabase database) {
        this.target = target;
        this.database = database;
    }

    /**
     * Makes the next call of {@code method} (a method of {@code Connection} or of a statement, by
     * name) throw {@code error}; the call after that works again.
     */
    void strike(String method, Throwable error, When when) {
        armed.set(new Fault(method, error, when));
    }

    /** Like {@link #strike(String, Throwable, When)}, before the driver is called. */
    void strike(String method, Throwable error) {
        strike(method, error, When.BEFORE_THE_DRIVER);
    }

    /** {@return the server's id of the session the last fault struck on} */
    long struckSession() {
        if (struckSessions.isEmpty()) {
            throw new AssertionError("the fault never struck: the test did not reach the step it aims at");
        }
        return struckSessions.get(struckSessions.size() - 1);
    }

    /** {@return the sessions whose connections were aborted, by server id} */
    List<Long> abortedSessions() {
        return abortedSessions;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return faulty(target.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return faulty(target.getConnection(user, password));
    }

    private Connection faulty(Connection real) throws SQLException {
        long session = database.sessionId(real);
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if ("abort".equals(method.getName())) {
                        abortedSessions.add(session);
                    }
                    Object result = call(real, session, method.getName(), () -> method.invoke(real, args));
                    return result instanceof Statement ? faulty((Statement) result, real, session) : result;
                });
    }

    private Statement faulty(Statement real, Connection connection, long session) {
        Class<?> type = real instanceof CallableStatement ? CallableStatement.class
                : real instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> call(connection, session, method.getName(), () -> method.invoke(real, args)));
    }

    private interface DriverCall {
        Object invoke() throws Throwable;
    }

    private Object call(Connection connection, long session, String method, DriverCall driver) throws Throwable {
        Fault fault = armed.get();
        boolean strikes = fault != null && fault.method.equals(method) && armed.compareAndSet(fault, null);
        if (strikes && fault.when == When.BEFORE_THE_DRIVER) {
            struckSessions.add(session);
            throw fault.error;
        }
        Object result;
        try {
            result = driver.invoke();
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (strikes) {
            struckSessions.add(session);
            throw fault.error;
        }
        return result;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("a fault-injecting data source wraps nothing it hands out");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
