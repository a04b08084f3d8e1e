package com.example.legacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Legacy JDBC as it is written: its own connection, its own commit, its own close. No unitofwork type. */
public class OrderDao {
    private final DataSource dataSource;
    private final String table;

    public OrderDao(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
    }

    public void saveLine(int id, String item) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("insert into " + table + " values (?, ?)")) {
                s.setInt(1, id);
                s.setString(2, item);
                s.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
        }
    }

    /** Changes its mind: the application's own rollback(), inside a unit. */
    public void saveThenRollBack(int id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("insert into " + table + " values (?, 'undone')")) {
                s.setInt(1, id);
                s.executeUpdate();
            }
            c.rollback();
        }
    }

    public int findCount() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Whether its connection is the unit's: the application's own pool hands out H2's. */
    public boolean findInUnit() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return c.getClass().getName().equals("org.unitofwork.GuardedConnection");
        }
    }

    /** Takes its caller's connection: a configured method keeps it, it is not replaced by the unit's. */
    public Connection saveWith(Connection callers) {
        return callers;
    }
}
