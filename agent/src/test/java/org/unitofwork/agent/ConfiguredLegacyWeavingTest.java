package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.legacy.LegacyDataSource;
import com.example.legacy.OrderDao;
import com.example.legacy.OrderService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.unitofwork.Database;
import org.unitofwork.NoActiveUnitException;
import org.unitofwork.Session;
import org.unitofwork.scenarios.TestDatabase;

/**
 * Legacy classes with no unitofwork type, woven by the lines of {@code in-process.conf}: services as
 * units, DAO {@code save*} read-write and {@code find*} read-only, and the application's own
 * {@link LegacyDataSource} adopted as database {@code legacy}, so that the DAO's own
 * {@code getConnection()}, {@code commit()} and {@code close()} take part in the unit.
 */
class ConfiguredLegacyWeavingTest {
    private String url;

    @BeforeEach
    void createTable() throws SQLException {
        url = TestDatabase.H2.newUrl();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("create table order_line (id int primary key, item varchar(20))");
        }
    }

    @AfterEach
    void closeAdoptedDatabase() {
        Database.named("legacy").close();
    }

    @Test
    void anOperationThatFailsHalfWayLeavesNothingBehind() throws SQLException {
        LegacyDataSource dataSource = new LegacyDataSource(url);
        OrderService service = new OrderService(new OrderDao(dataSource, "order_line"));
        IllegalStateException caught = assertThrows(IllegalStateException.class, () -> service.placeOrder(1, 2, true));
        assertTrue(caught.getMessage().startsWith("payment declined"), caught.getMessage());
        assertEquals(0, committedLines(), "the DAO's own commit() of line 1 was absorbed by the unit");
        int borrowed = dataSource.handedOut();
        service.placeOrder(3, 4, false);
        assertEquals(2, committedLines());
        assertEquals(borrowed + 1, dataSource.handedOut(), "the DAO's close() kept the unit's connection: borrowed once");
        assertEquals(0, dataSource.active(), "every connection went back to the application's pool");
        dataSource.dispose();
    }

    @Test
    void theApplicationsOwnRollbackUndoesItsOwnTransactionAndTheUnitGoesOn() throws SQLException {
        LegacyDataSource dataSource = new LegacyDataSource(url);
        new OrderDao(dataSource, "order_line").saveThenRollBack(1);
        assertEquals(0, committedLines());
        new OrderService(new OrderDao(dataSource, "order_line")).placeWithCorrection(2, 3, 4);
        assertEquals(2, committedLines(), "lines 2 and 4: the rollback of line 3 was the DAO's own, on a savepoint");
        assertEquals(0, dataSource.active());
        dataSource.dispose();
    }

    @Test
    void outsideAUnitTheDataSourceBehavesAsBefore() throws SQLException {
        LegacyDataSource dataSource = new LegacyDataSource(url);
        int before = dataSource.handedOut();
        try (Connection c = dataSource.getConnection()) {
            assertTrue(c.getAutoCommit(), "the application's own connection, as it hands it out");
            assertThrows(NoActiveUnitException.class, () -> Session.current("legacy"));
        }
        assertEquals(before + 1, dataSource.handedOut());
        assertEquals(0, dataSource.active());
        dataSource.dispose();
    }

    @Test
    void findMethodsRunInUnitsOfTheirOwn() throws SQLException {
        LegacyDataSource dataSource = new LegacyDataSource(url);
        OrderDao dao = new OrderDao(dataSource, "order_line");
        assertTrue(dao.findInUnit());
        assertEquals(0, dao.findCount());
        dataSource.dispose();
    }

    @Test
    void aConfiguredMethodKeepsTheConnectionItsCallerPasses() throws SQLException {
        LegacyDataSource dataSource = new LegacyDataSource(url);
        try (Connection callers = dataSource.getConnection()) {
            assertSame(callers, new OrderDao(dataSource, "order_line").saveWith(callers));
        }
        dataSource.dispose();
    }

    @Test
    void lambdaBodiesAndConstructorsAreSkippedAndTheReportSaysSo() throws SQLException {
        LegacyDataSource dataSource = new LegacyDataSource(url);
        new OrderService(new OrderDao(dataSource, "order_line")).placeAll(List.of(5, 6));
        assertEquals(2, committedLines());
        String report = InProcessAgent.report();
        assertTrue(report.contains("woven com.example.legacy.OrderService.placeAll(List) as OrderService.placeAll(List)"
                + " [database=legacy, propagation=REQUIRED] (configured at "), report);
        assertTrue(report.contains("skipped com.example.legacy.OrderService.lambda$placeAll$0(Integer): the body of a"
                + " lambda"), report);
        assertTrue(report.contains("skipped com.example.legacy.OrderService.<init>(OrderDao): a constructor"), report);
        assertTrue(report.contains("woven com.example.legacy.OrderDao.findCount() as OrderDao.findCount()"
                + " [database=legacy, propagation=REQUIRED, readOnly]"), report);
        assertTrue(report.contains("adopted an instance of com.example.legacy.LegacyDataSource as database 'legacy'"),
                report);
        assertFalse(report.contains("OrderDao.<init>"), "constructors matched by no pattern are not mentioned");
        dataSource.dispose();
    }

    private int committedLines() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
                var rs = s.executeQuery("select count(*) from order_line")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
