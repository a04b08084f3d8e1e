package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.annotated.Accounts;
import com.example.annotated.Calendar;
import com.example.annotated.Catalog;
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
import org.unitofwork.NoActiveUnitException;
import org.unitofwork.Session;

/**
 * {@code @UnitOfWork} methods of a class compiled without the processor, woven in this JVM. Woven
 * classes appear only in method bodies, never as field types: JUnit's reflection would load them
 * before the agent is installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnnotatedMethodWeavingTest {
    private static final String URL = "jdbc:h2:mem:annotated_weaving;DB_CLOSE_DELAY=-1";

    private Database db;

    @BeforeAll
    void open() throws SQLException {
        InProcessAgent.install();
        try (Connection c = DriverManager.getConnection(URL, "sa", ""); Statement s = c.createStatement()) {
            s.execute("create table account (id int primary key)");
        }
        db = Database.builder(URL).user("sa").password("").poolSize(2).build();
    }

    @AfterAll
    void close() {
        db.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "sa", ""); Statement s = c.createStatement()) {
            s.execute("delete from account");
        }
    }

    @Test
    void returnCommitsWithTheSessionSupplied() throws SQLException {
        Accounts accounts = new Accounts("account");
        accounts.open(null, 1);
        accounts.openWithConnection(null, 2);
        assertEquals(List.of(1, 2), ids());
        assertEquals(0, db.activeConnections());
        assertThrows(NoActiveUnitException.class, Session::current, "nothing is left on the thread");
    }

    @Test
    void throwRollsBackAndRethrowsTheSameException() {
        Accounts accounts = new Accounts("account");
        IllegalStateException failure = new IllegalStateException("half-way");
        IllegalStateException caught = assertThrows(IllegalStateException.class,
                () -> accounts.openBothThenFail(1, 2, failure));
        assertSame(failure, caught);
        assertEquals(List.of(), ids(), "the first insert is rolled back with the rest");
        assertEquals(0, db.activeConnections());
    }

    @Test
    void transientFailuresRunTheBodyAgainWithAFreshSession() throws SQLException {
        Accounts accounts = new Accounts("account");
        assertEquals(3, accounts.transientlyFailing(null, 7, 2));
        assertEquals(List.of(7), ids(), "the failed attempts' inserts were rolled back, the last one committed");
    }

    @Test
    void staticAndPrivateMethodsAreWoven() throws SQLException {
        Accounts accounts = new Accounts("account");
        assertTrue(Accounts.readOnlyUnit(null));
        assertTrue(accounts.callPrivateUnit().contains("Accounts.privateUnit()"), accounts.callPrivateUnit());
    }

    @Test
    void aTypeAnnotationCoversItsPublicMethodsOnly() throws Exception {
        Catalog catalog = new Catalog();
        assertTrue(catalog.lookUp(), "the type's readOnly applies");
        assertFalse(catalog.rename(), "the method's own annotation wins");
        assertEquals("no unit", catalog.toString(), "toString is never a unit");
    }

    @Test
    void theReportListsEachWovenMethodWithItsAttributes() {
        String report = InProcessAgent.report();
        assertTrue(report.contains("woven com.example.annotated.Accounts.open(Session,int) as Accounts.open(Session,int)"
                + " [database=default, propagation=REQUIRED] (@UnitOfWork)"), report);
        assertTrue(report.contains("woven com.example.annotated.Accounts.transientlyFailing(Session,int,int) as"
                + " Accounts.transientlyFailing(Session,int,int) [database=default, propagation=REQUIRED, retries=3]"),
                report);
        assertTrue(report.contains("as Catalog.lookUp() [database=default, propagation=REQUIRED, readOnly]"
                + " (@UnitOfWork on Catalog)"), report);
        assertFalse(report.contains("Catalog.notPublic"), report);
    }

    @Test
    void overloadsThatWouldShareANameAreNamedWithQualifiedTypes() {
        new Calendar(); // loaded, and woven as it loads
        String report = InProcessAgent.report();
        assertTrue(report.contains("as Calendar.mark(java.util.Date) [database=default"), report);
        assertTrue(report.contains("as Calendar.mark(java.sql.Date) [database=default"), report);
        assertTrue(report.contains("as Calendar.mark(int) [database=default"), report);
    }

    private List<Integer> ids() {
        try (Connection c = DriverManager.getConnection(URL, "sa", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select id from account order by id")) {
            List<Integer> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
