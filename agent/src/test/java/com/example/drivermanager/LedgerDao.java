package com.example.drivermanager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Legacy JDBC that takes every connection from {@code DriverManager}, commits by hand and closes it,
 * as benchmark applications and old programs do. No unitofwork type.
 */
public class LedgerDao {
    private final String url;
    private final String user;
    private final String password;
    private final String table;

    public LedgerDao(String url, String user, String password, String table) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.table = table;
    }

    public void createTable() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("create table " + table + " (id int primary key, amount int)");
        }
    }

    public void dropTable() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("drop table if exists " + table);
        }
    }

    public void post(int id, int amount) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("insert into " + table + " values (?, ?)")) {
                s.setInt(1, id);
                s.setInt(2, amount);
                s.executeUpdate();
            }
            c.commit();
        }
    }

    /** Posts unless the entry exists: the duplicate's failure is rolled back and the caller goes on. */
    public boolean postUnlessPosted(int id, int amount) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("insert into " + table + " values (?, ?)")) {
                s.setInt(1, id);
                s.setInt(2, amount);
                s.executeUpdate();
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                return false;
            }
        }
    }

    public int count() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Whether the connection DriverManager hands out is in auto-commit mode, as a fresh one is. */
    public boolean autoCommit() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            return c.getAutoCommit();
        }
    }
}
