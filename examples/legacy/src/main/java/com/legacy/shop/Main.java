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
                System.out.println("order 1 failed: " + e.getMessage().lines().findFirst().orElse(""));
            }
            System.out.println("orders: " + dao.findCount("orders") + ", order lines: " + dao.findCount("order_line")
                    + ", books in stock: " + dao.findStock("book"));
        }
    }

    private static void createSchema(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table orders (id int primary key, customer varchar(50))");
            s.execute("create table order_line (order_id int, item varchar(50))");
            s.execute("create table stock (item varchar(50) primary key, quantity int check (quantity >= 0))");
            s.execute("insert into stock values ('book', 5), ('pen', 0)");
        }
    }
}
