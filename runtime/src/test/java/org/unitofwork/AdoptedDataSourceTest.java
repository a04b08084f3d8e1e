package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

/**
 * {@link Database#adopt}: an application's own data source under units, for legacy code that gets
 * its connections from it and commits by hand (S24).
 */
class AdoptedDataSourceTest {

    /** A legacy DAO as such code is written: its own connection, its own commit, its own close. */
    private static void legacyInsert(DataSource ds, String table, int id) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into " + table + " values (" + id + ")");
            }
            c.commit();
            c.setAutoCommit(true);
        }
    }

    @Test
    void legacyCommitsAreAbsorbedSoAFailedUnitLeavesNothing() throws Exception {
        try (HikariDataSource appPool = appPool("adopt_hikari")) {
            createTable(appPool, "item");
            Database db = Database.adopt("legacy", appPool);
            try {
                assertEquals(0, db.activeConnections());
                Boundary unit = Boundary.builder("LegacyService.importBatch").database("legacy").build();
                IllegalStateException failure = new IllegalStateException("half-way");
                IllegalStateException caught = assertThrows(IllegalStateException.class, () -> unit.run(session -> {
                    legacyInsert(db.dataSource(), "item", 1);
                    legacyInsert(db.dataSource(), "item", 2);
                    assertEquals(0, count(appPool, "item"), "the legacy commits must not have committed");
                    throw failure;
                }));
                assertSame(failure, caught);
                assertEquals(0, count(appPool, "item"), "the failed unit left nothing behind");

                unit.run(session -> legacyInsert(db.dataSource(), "item", 3));
                assertEquals(1, count(appPool, "item"));

                legacyInsert(db.dataSource(), "item", 4); // outside a unit: the application's own behaviour
                assertEquals(2, count(appPool, "item"));
                try (Connection c = appPool.getConnection()) {
                    assertTrue(c.getAutoCommit(), "the application's pool hands out its own default again");
                }
                assertEquals(0, db.activeConnections());
            } finally {
                db.close();
            }
            assertFalse(appPool.isClosed(), "closing the adopted database leaves the application's pool open");
        }
    }

    @Test
    void inRollbackOnlyModeALegacyRollbackRollsTheUnitBackLoudly() throws Exception {
        try (HikariDataSource appPool = appPool("adopt_rollback")) {
            createTable(appPool, "item");
            try (Database db = Database.adopt("legacy", appPool, JoinMode.ROLLBACK_ONLY)) {
                AtomicReference<Outcome> outcome = new AtomicReference<>();
                RollbackOnlyException e = assertThrows(RollbackOnlyException.class,
                        () -> Boundary.builder("LegacyService.tryInsert").database("legacy").build().run(session -> {
                            session.afterCompletion(outcome::set);
                            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                                assertNotSame(session.connection(), c, "legacy code gets the lenient view");
                                s.executeUpdate("insert into item values (1)");
                                c.rollback();
                            }
                            assertTrue(session.isRollbackOnly());
                            assertThrows(GuardedConnectionException.class, () -> session.connection().commit(),
                                    "the session's own connection stays strict");
                        }));
                assertTrue(e.getMessage().contains("code that manages its own transactions called rollback()"),
                        e.getMessage());
                assertEquals(Outcome.ROLLED_BACK, outcome.get());
                assertEquals(0, count(appPool, "item"));
            }
        }
    }

    @Test
    void withoutATransactionLegacyCodeKeepsItsOwnTransactions() throws Exception {
        try (HikariDataSource appPool = appPool("adopt_passthrough")) {
            createTable(appPool, "item");
            try (Database db = Database.adopt("legacy", appPool)) {
                Boundary.builder("LegacyService.report").database("legacy").propagation(Propagation.SUPPORTS).build()
                        .run(session -> {
                            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                                c.setAutoCommit(false);
                                s.executeUpdate("insert into item values (1)");
                                c.rollback(); // its own transaction, as without the library
                                s.executeUpdate("insert into item values (2)");
                                c.commit();
                            }
                        });
                assertEquals(1, count(appPool, "item"), "the legacy rollback undid only the legacy code's own work");
                try (Connection c = appPool.getConnection()) {
                    assertTrue(c.getAutoCommit());
                }
            }
        }
    }

    @Test
    void aPoolThatDoesNotResetConnectionsGetsThemBackAsLent() throws Exception {
        JdbcConnectionPool appPool = JdbcConnectionPool.create("jdbc:h2:mem:adopt_plain;DB_CLOSE_DELAY=-1", "sa", "");
        appPool.setMaxConnections(1); // one physical connection: what the unit changed is what the app gets next
        try {
            int isolationBefore;
            try (Connection c = appPool.getConnection()) {
                isolationBefore = c.getTransactionIsolation();
            }
            try (Database db = Database.adopt("plain", appPool)) {
                assertEquals(-1, db.activeConnections(), "a pool that is not HikariCP cannot tell");
                Boundary.builder("Reports.monthly").database("plain").isolation(Isolation.SERIALIZABLE)
                        .build().run(session -> {
                            Connection c = session.connection();
                            assertFalse(c.getAutoCommit());
                            assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
                        });
            }
            try (Connection c = appPool.getConnection()) {
                assertTrue(c.getAutoCommit());
                assertEquals(isolationBefore, c.getTransactionIsolation());
            }
        } finally {
            appPool.dispose();
        }
    }

    @Test
    void nameMustBeFree() {
        try (HikariDataSource appPool = appPool("adopt_name");
                Database first = Database.adopt("adopted", appPool)) {
            DatabaseConfigurationException e = assertThrows(DatabaseConfigurationException.class,
                    () -> Database.adopt("adopted", appPool));
            assertTrue(e.getMessage().startsWith("A database named 'adopted' is already registered (data source"
                    + " com.zaxxer.hikari.HikariDataSource)"), e.getMessage());
            assertEquals("Database[adopted, data source com.zaxxer.hikari.HikariDataSource]", first.toString());
        }
    }

    /** A pool the way a legacy application configures it: HikariCP's defaults, auto-commit on. */
    private static HikariDataSource appPool(String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    private static void createTable(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table " + table + " (id int primary key)");
        }
    }

    private static int count(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
