package com.example.webshop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Legacy JDBC: every method borrows its own connection and commits by hand. */
public class OrderDao {
    private final DataSource dataSource;

    public OrderDao(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void createTables() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("create table if not exists shop_order (id int primary key)");
            s.execute("create table if not exists shop_line (order_id int, item varchar(20))");
            c.commit();
        }
    }

    public void saveOrder(int id) throws SQLException {
        update("insert into shop_order (id) values (?)", id, null);
    }

    public void saveLine(int orderId, String item) throws SQLException {
        update("insert into shop_line (order_id, item) values (?, ?)", orderId, item);
    }

    public String counts() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet orders = s.executeQuery("select (select count(*) from shop_order), (select count(*) from shop_line)")) {
            orders.next();
            return "orders: " + orders.getInt(1) + ", lines: " + orders.getInt(2);
        }
    }

    private void update(String sql, int id, String item) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setInt(1, id);
                if (item != null) {
                    s.setString(2, item);
                }
                s.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
