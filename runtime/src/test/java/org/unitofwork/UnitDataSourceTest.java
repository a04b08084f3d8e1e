package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Database#dataSource()}: the unit's connection inside a unit, a normal pool outside. */
class UnitDataSourceTest {
    private Database db;

    @BeforeEach
    void open() throws Exception {
        db = Database.builder("jdbc:h2:mem:datasource;DB_CLOSE_DELAY=-1").name("ds").poolSize(2).build();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("create table item (id int primary key)");
        }
    }

    @AfterEach
    void close() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table item");
        }
        db.close();
    }

    @Test
    void outsideAUnitItIsAPlainAutoCommitPool() throws Exception {
        DataSource ds = db.dataSource();
        try (Connection c = ds.getConnection()) {
            assertTrue(c.getAutoCommit());
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into item values (1)");
            }
            assertEquals(1, db.activeConnections());
        }
        assertEquals(0, db.activeConnections(), "closing gives the connection back");
        assertEquals(1, count(), "auto-commit committed the insert");
        Boundary unit = Boundary.builder("Check.autoCommit").database("ds").build();
        boolean autoCommitInUnit = unit.call(session -> session.connection().getAutoCommit());
        assertFalse(autoCommitInUnit, "the pool resets auto-commit when the connection comes back");
    }

    @Test
    void insideAUnitItHandsOutTheUnitsConnection() throws Exception {
        Boundary unit = Boundary.builder("Legacy.save").database("ds").build();
        assertThrows(IllegalStateException.class, () -> unit.run(session -> {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                assertSame(session.connection(), c);
                s.executeUpdate("insert into item values (1)");
            }
            assertEquals(1, db.activeConnections());
            throw new IllegalStateException("half-way failure");
        }));
        assertEquals(0, count(), "the legacy code's write belonged to the unit and was rolled back");
    }

    @Test
    void otherCredentialsAreRefusedAndThePoolIsReachable() throws Exception {
        SQLFeatureNotSupportedException e = assertThrows(SQLFeatureNotSupportedException.class,
                () -> db.dataSource().getConnection("other", "secret"));
        assertTrue(e.getMessage().contains("Database 'ds'"), e.getMessage());
        assertTrue(db.dataSource().isWrapperFor(HikariDataSource.class));
        assertEquals("unitofwork-ds", db.dataSource().unwrap(HikariDataSource.class).getPoolName());
    }

    private int count() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from item")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
