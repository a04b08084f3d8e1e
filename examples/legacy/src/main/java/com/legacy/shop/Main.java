package com.legacy.shop;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A legacy shop: plain JDBC, its own HikariCP pool, every DAO method on a connection of its own
 * with its own commit. Placing an order takes several statements; the last one fails (a pen is out
 * of stock), and whatever the earlier ones committed stays behind, unless the unitofwork agent
 * makes the whole order one unit of work.
 */
public final class Main {
    /** Books in stock before the order. */
    private static final int BOOKS = 5;

    private Main() {
    }

    public static void main(String[] args) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args.length > 0 ? args[0] : "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1");
        config.setUsername(args.length > 1 ? args[1] : "sa");
        config.setPassword(args.length > 2 ? args[2] : "");
        config.setMaximumPoolSize(4);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            createSchema(pool);
            OrderDao dao = new OrderDao(pool);
            OrderService shop = new OrderService(dao);
            try {
                shop.placeOrder(1, "ada", "book", "pen");
                System.out.println("order 1 placed");
            } catch (SQLException e) {
                // class 23, integrity constraint violation: the stock's check refused a quantity below zero
                String why = e.getSQLState() != null && e.getSQLState().startsWith("23") ? "an item is out of stock"
                        : e.getMessage().lines().findFirst().orElse("");
                System.out.println("order 1 failed: " + why + " (SQLSTATE " + e.getSQLState() + ")");
            }
            int orders = dao.findCount("orders");
            int lines = dao.findCount("order_line");
            int books = dao.findStock("book");
            System.out.println("orders: " + orders + ", order lines: " + lines + ", books in stock: " + books);
            // the order failed, so the shop must look as it did before it: no order, every book in stock
            if (orders == 0 && lines == 0 && books == BOOKS) {
                System.out.println("consistent: the failed order left nothing behind");
            } else {
                System.out.println("INCONSISTENT: the failed order left " + orders + " order(s) and " + lines
                        + " order line(s) behind, and took " + (BOOKS - books) + " book(s) out of stock");
            }
        }
    }

    private static void createSchema(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table orders (id int primary key, customer varchar(50))");
            s.execute("create table order_line (order_id int, item varchar(50))");
            s.execute("create table stock (item varchar(50) primary key, quantity int check (quantity >= 0))");
            s.execute("insert into stock values ('book', " + BOOKS + "), ('pen', 0)");
        }
    }
}
