package com.legacy.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Data access as legacy code writes it: a connection per call, committed and closed by hand. */
public class OrderDao {
    private final DataSource dataSource;

    public OrderDao(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void saveOrder(int id, String customer) throws SQLException {
        update("insert into orders values (?, ?)", id, customer);
    }

    public void saveLine(int orderId, String item) throws SQLException {
        update("insert into order_line values (?, ?)", orderId, item);
    }

    public void takeFromStock(String item) throws SQLException {
        update("update stock set quantity = quantity - 1 where item = ?", item);
    }

    public int findCount(String table) throws SQLException {
        return query("select count(*) from " + table);
    }

    public int findStock(String item) throws SQLException {
        return query("select quantity from stock where item = '" + item + "'");
    }

    private void update(String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    s.setObject(i + 1, parameters[i]);
                }
                s.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private int query(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
