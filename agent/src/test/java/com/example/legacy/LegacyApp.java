package com.example.legacy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A legacy program with no unitofwork type: places an order that fails half-way, then prints how
 * many order lines it left behind. Its pool is its own {@link LegacyDataSource}, or HikariCP with
 * the argument {@code hikari}.
 */
public final class LegacyApp {
    private LegacyApp() {
    }

    public static void main(String[] args) throws Exception {
        String url = "jdbc:h2:mem:legacy_app;DB_CLOSE_DELAY=-1";
        DataSource dataSource = args.length > 0 && args[0].equals("hikari") ? hikari(url) : new LegacyDataSource(url);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table order_line (id int primary key, item varchar(20))");
        }
        OrderDao dao = new OrderDao(dataSource, "order_line");
        try {
            new OrderService(dao).placeOrder(1, 2, true);
        } catch (IllegalStateException e) {
            System.out.println("failed: " + e.getMessage());
        }
        System.out.println("lines left behind: " + dao.findCount());
    }

    private static DataSource hikari(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("sa");
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }
}
