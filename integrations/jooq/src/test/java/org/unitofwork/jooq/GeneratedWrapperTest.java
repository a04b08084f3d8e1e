package org.unitofwork.jooq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.unitofwork.Database;
import org.unitofwork.NoActiveUnitException;
import org.unitofwork.Session;
import org.unitofwork.scenarios.TestDatabase;

/**
 * A {@code @UnitOfWork} method taking a {@code DSLContext}, compiled with the processor: this module's
 * marker resource makes the generated wrapper inject the unit's DSLContext.
 */
class GeneratedWrapperTest {
    private final String url = TestDatabase.H2.newUrl();
    private final String table = TestDatabase.uniqueName("notes");
    private Database db;

    @BeforeEach
    void open() throws SQLException {
        TestDatabase.H2.createTable(url, table);
        db = TestDatabase.H2.build(Notebook.DATABASE, url, 2);
        JooqSessions.register(db, SQLDialect.H2);
    }

    @AfterEach
    void close() throws SQLException {
        assertEquals(0, db.activeConnections());
        assertThrows(NoActiveUnitException.class, () -> Session.current(Notebook.DATABASE));
        db.close();
        TestDatabase.H2.dropTable(url, table);
    }

    @Test
    void theWrapperInjectsTheUnitsDslContextAndEndsTheUnit() throws SQLException {
        ManagedNotebook notebook = new ManagedNotebook(new Notebook(table));
        notebook.write(1, "kept");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> notebook.write(2, ""));
        assertEquals("an empty note is refused after its insert ran", e.getMessage());
        assertEquals(1, count(), "the second unit rolled its insert back");
        DSLContext first = notebook.dslOf();
        assertNotSame(first, notebook.dslOf(), "each unit gets its own DSLContext");
    }

    private int count() throws SQLException {
        try (Connection c = TestDatabase.H2.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
