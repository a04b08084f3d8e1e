package com.example.app;

import com.example.annotated.Accounts;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.unitofwork.Database;

/**
 * An application that has the runtime on its class path and {@code @UnitOfWork} methods compiled
 * without the processor: prints where its runtime comes from and what a failed unit left behind.
 */
public final class AnnotatedApp {
    private AnnotatedApp() {
    }

    public static void main(String[] args) throws Exception {
        try (Database db = Database.builder("jdbc:h2:mem:annotated_app;DB_CLOSE_DELAY=-1").user("sa").build()) {
            db.run(session -> {
                try (Statement s = session.connection().createStatement()) {
                    s.execute("create table account (id int primary key)");
                }
            });
            try {
                new Accounts("account").openBothThenFail(1, 2, new IllegalStateException("half-way"));
            } catch (IllegalStateException e) {
                System.out.println("failed: " + e.getMessage());
            }
            new Accounts("account").open(null, 3);
            System.out.println("Database loaded from " + Path.of(Database.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
            long rows = db.call(session -> {
                try (Connection c = session.connection(); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("select count(*) from account")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            System.out.println("accounts: " + rows);
        }
    }
}
