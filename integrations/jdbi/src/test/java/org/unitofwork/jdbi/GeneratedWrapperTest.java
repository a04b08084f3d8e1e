package org.unitofwork.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.unitofwork.Database;
import org.unitofwork.NoActiveUnitException;
import org.unitofwork.Session;
import org.unitofwork.scenarios.TestDatabase;

/**
 * A {@code @UnitOfWork} method taking a {@code Handle}, compiled with the processor: this module's
 * marker resource makes the generated wrapper inject the unit's Handle.
 */
class GeneratedWrapperTest {
    private final String url = TestDatabase.H2.newUrl();
    private final String table = TestDatabase.uniqueName("ledger");
    private Database db;

    @BeforeEach
    void open() throws SQLException {
        TestDatabase.H2.createTable(url, table);
        db = TestDatabase.H2.build(Ledger.DATABASE, url, 2);
        JdbiSessions.register(db, Jdbi.create(db.dataSource()));
    }

    @AfterEach
    void close() throws SQLException {
        assertEquals(0, db.activeConnections());
        assertThrows(NoActiveUnitException.class, () -> Session.current(Ledger.DATABASE));
        db.close();
        TestDatabase.H2.dropTable(url, table);
    }

    @Test
    void theWrapperInjectsTheUnitsHandleAndEndsTheUnit() throws SQLException {
        ManagedLedger ledger = new ManagedLedger(new Ledger(table));
        ledger.post(1, "kept");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ledger.post(2, ""));
        assertEquals("an empty note is refused after its insert ran", e.getMessage());
        assertEquals(1, count(), "the second unit rolled its insert back");
        Handle first = ledger.handleOf();
        assertTrue(first.isClosed(), "closed with its unit");
        assertNotSame(first, ledger.handleOf(), "each unit gets its own Handle");
    }

    private int count() throws SQLException {
        try (Connection c = TestDatabase.H2.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
