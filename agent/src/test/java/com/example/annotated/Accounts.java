package com.example.annotated;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

/** Compiled without the processor: the agent weaves its {@code @UnitOfWork} methods. */
public class Accounts {
    private final String table;
    private int attempts;

    public Accounts(String table) {
        this.table = table;
    }

    /** The session parameter is supplied by the woven boundary: callers pass null. */
    @UnitOfWork
    public void open(Session session, int id) throws SQLException {
        insert(session.connection(), id);
    }

    @UnitOfWork
    public void openWithConnection(Connection connection, int id) throws SQLException {
        insert(connection, id);
    }

    /** Reaches the unit through Session.current(), then fails half-way. */
    @UnitOfWork
    public void openBothThenFail(int first, int second, RuntimeException failure) throws SQLException {
        insert(Session.current().connection(), first);
        insert(Session.current().connection(), second);
        throw failure;
    }

    /** Fails with a serialization failure until {@code failures} attempts have failed. */
    @UnitOfWork(retries = 3)
    public int transientlyFailing(Session session, int id, int failures) throws SQLException {
        attempts++;
        insert(session.connection(), id);
        if (attempts <= failures) {
            throw new SQLTransientException("could not serialize access", "40001");
        }
        return attempts;
    }

    @UnitOfWork(readOnly = true)
    public static boolean readOnlyUnit(Session session) throws SQLException {
        return session.connection().isReadOnly();
    }

    /** Private: still woven, so that calls from inside the class are units too. */
    @UnitOfWork
    private String privateUnit() {
        return Session.current().toString();
    }

    public String callPrivateUnit() {
        return privateUnit();
    }

    private void insert(Connection connection, int id) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("insert into " + table + " values (?)")) {
            s.setInt(1, id);
            s.executeUpdate();
        }
    }
}
