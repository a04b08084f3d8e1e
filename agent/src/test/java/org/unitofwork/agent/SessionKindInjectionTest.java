package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.annotated.Journal;
import com.example.annotated.Postings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.unitofwork.Database;
import org.unitofwork.DatabaseConfigurationException;
import org.unitofwork.NoActiveUnitException;
import org.unitofwork.Session;
import org.unitofwork.spi.SessionKind;

/**
 * A woven method's parameter of a session kind's type is supplied with the unit's resource, as a
 * {@code Session} parameter is, and a retry gets the next attempt's resource.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionKindInjectionTest {
    private static final String URL = "jdbc:h2:mem:kind_weaving;DB_CLOSE_DELAY=-1";

    private Database db;

    @BeforeAll
    void open() throws SQLException {
        InProcessAgent.install();
        try (Connection c = DriverManager.getConnection(URL, "sa", ""); Statement s = c.createStatement()) {
            s.execute("create table journal (entry varchar(40))");
        }
        db = Database.builder(URL).user("sa").password("").poolSize(2).build();
        db.register(new SessionKind<Journal>() {
            @Override
            public Class<Journal> type() {
                return Journal.class;
            }

            @Override
            public Journal open(Session session) {
                return new Journal(session.connection());
            }

            @Override
            public void flush(Journal journal) throws SQLException {
                journal.flush();
            }
        });
    }

    @AfterAll
    void close() {
        db.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "sa", ""); Statement s = c.createStatement()) {
            s.execute("delete from journal");
        }
    }

    @Test
    void theUnitsResourceIsSuppliedAndFlushedOnCommit() throws SQLException {
        Postings postings = new Postings();
        postings.post(null, "rent");
        assertNotNull(postings.journals.get(0), "the woven boundary supplies the journal the caller left out");
        assertEquals(List.of("rent"), entries());
        assertThrows(IllegalArgumentException.class, () -> postings.post(null, "refused fee"));
        assertEquals(List.of("rent"), entries(), "a failing unit is never flushed");
        assertEquals(0, db.activeConnections());
    }

    @Test
    void aRetryGetsTheResourceOfItsOwnUnit() throws SQLException {
        Postings postings = new Postings();
        postings.postOnRetry("salary", null);
        assertEquals(2, postings.journals.size());
        assertNotSame(postings.journals.get(0), postings.journals.get(1));
        assertEquals(List.of("salary #2"), entries(), "only the retry's entry is committed");
    }

    @Test
    void aResourceThatCannotBeSuppliedFailsTheCallAndLeavesNothingBehind() {
        DatabaseConfigurationException e = assertThrows(DatabaseConfigurationException.class,
                () -> new Postings().scribble(null));
        assertTrue(e.getMessage().contains("asked for a com.example.annotated.Scratchpad, but database 'default' has"
                + " no session kind for that type"), e.getMessage());
        assertEquals(0, db.activeConnections());
        assertThrows(NoActiveUnitException.class, Session::current, "the unit ended although the body never ran");
    }

    private static List<String> entries() throws SQLException {
        List<String> entries = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(URL, "sa", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select entry from journal")) {
            while (rs.next()) {
                entries.add(rs.getString(1));
            }
        }
        return entries;
    }
}
