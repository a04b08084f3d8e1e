package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.drivermanager.LedgerDao;
import com.example.drivermanager.LedgerService;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unitofwork.Boundary;
import org.unitofwork.RollbackOnlyException;
import org.unitofwork.scenarios.TestDatabase;

/**
 * Legacy code that takes its connections from {@code DriverManager}, adopted by the
 * {@code drivermanager} lines of {@code in-process.conf} on H2, PostgreSQL and MariaDB: its calls are
 * redirected, so that inside a unit it gets the unit's connection, and outside any unit a connection
 * of its own, as before.
 */
class DriverManagerAdoptionTest {
    private final List<LedgerDao> created = new ArrayList<>();

    @AfterEach
    void dropTables() throws SQLException {
        for (LedgerDao dao : created) {
            dao.dropTable();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void outsideAUnitEachCallGetsAConnectionOfItsOwnAndAFailureHalfWayLeavesHalfTheWork(TestDatabase kind)
            throws Exception {
        LedgerDao dao = ledger(kind);
        assertTrue(dao.autoCommit(), "a connection of its own, fresh from DriverManager");
        assertThrows(IllegalStateException.class, () -> new LedgerService(dao).transfer(1, 2, true));
        assertEquals(1, dao.count(), "without a unit the debit stays: the legacy program's own behaviour");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void insideAUnitAFailureHalfWayLeavesNothingBehind(TestDatabase kind) throws Exception {
        LedgerDao dao = ledger(kind);
        Boundary unit = unit(kind);
        assertThrows(IllegalStateException.class, () -> unit.run(session -> new LedgerService(dao).transfer(1, 2, true)));
        assertEquals(0, dao.count(), "the DAO's own commit of the debit was the unit's");
        unit.run(session -> {
            new LedgerService(dao).transfer(3, 4, false);
            assertEquals(0, countElsewhere(kind, dao), "nothing is committed before the unit ends");
        });
        assertEquals(2, dao.count());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aDuplicateTheLegacyCodeRollsBackAndSkipsLetsTheUnitGoOn(TestDatabase kind) throws Exception {
        LedgerDao dao = ledger(kind);
        int posted = unit(kind).call(session -> new LedgerService(dao).postAll(10, 11, 10, 12));
        assertEquals(3, posted);
        assertEquals(3, dao.count(), "the duplicate rolled back to its savepoint; the rest committed");
    }

    @Test
    void inRollbackOnlyModeTheSkippedDuplicateDoomsTheUnit() throws Exception {
        LedgerDao dao = new LedgerDao("jdbc:h2:mem:" + TestDatabase.uniqueName("dm_strict") + ";DB_CLOSE_DELAY=-1", "sa",
                "", "ledger");
        dao.createTable();
        RollbackOnlyException e = assertThrows(RollbackOnlyException.class,
                () -> Boundary.builder("LedgerJob.run").database("dm_rollback_only").build()
                        .call(session -> new LedgerService(dao).postAll(10, 10)));
        assertTrue(e.getMessage().contains("code that manages its own transactions called rollback()"), e.getMessage());
        assertEquals(0, dao.count());
    }

    @Test
    void twoUrlsOfOneLineInOneUnitAreRefusedNamingBoth() throws Exception {
        LedgerDao first = ledger(TestDatabase.H2);
        LedgerDao second = ledger(TestDatabase.H2);
        SQLException e = assertThrows(SQLException.class, () -> unit(TestDatabase.H2).run(session -> {
            first.post(1, 1);
            second.post(1, 1);
        }));
        assertTrue(e.getMessage().startsWith("DriverManager.getConnection for jdbc:h2:mem:dm_ledger_"), e.getMessage());
        assertTrue(e.getMessage().contains("runs inside a unit on database 'dm_h2', whose connection is to"
                + " jdbc:h2:mem:dm_ledger_"), e.getMessage());
        assertTrue(e.getMessage().contains("in-process.conf:8 adopts every URL beginning with jdbc:h2:mem:dm_ledger as"
                + " that one database"), e.getMessage());
        assertEquals(0, first.count());
    }

    @Test
    void theReportNamesTheAdoptionAndTheRedirectedCalls() throws Exception {
        ledger(TestDatabase.H2).count();
        String report = InProcessAgent.report();
        assertTrue(report.contains("adopted connections from DriverManager for jdbc:h2:mem:dm_ledger* as database 'dm_h2'"
                + " (join mode SAVEPOINT, "), report);
        assertTrue(report.contains("woven 6 DriverManager.getConnection call(s) in com.example.drivermanager.LedgerDao: for"
                + " the URLs of a drivermanager line they join the unit on its database"), report);
    }

    private LedgerDao ledger(TestDatabase kind) throws SQLException {
        kind.assumeAvailable();
        String table = TestDatabase.uniqueName("ledger");
        LedgerDao dao = switch (kind) {
            case H2 -> new LedgerDao("jdbc:h2:mem:" + TestDatabase.uniqueName("dm_ledger") + ";DB_CLOSE_DELAY=-1", "sa",
                    "", table);
            case POSTGRES -> new LedgerDao("jdbc:postgresql://127.0.0.1:5432/test?ApplicationName=uow_ledger", "postgres",
                    "", table);
            case MARIADB -> new LedgerDao("jdbc:mariadb://127.0.0.1:3306/test?connectTimeout=9000", "root", "", table);
        };
        dao.createTable();
        created.add(dao);
        return dao;
    }

    private static Boundary unit(TestDatabase kind) {
        String database = switch (kind) {
            case H2 -> "dm_h2";
            case POSTGRES -> "dm_postgres";
            case MARIADB -> "dm_mariadb";
        };
        return Boundary.builder("LedgerJob.run").database(database).build();
    }

    /** The count as another connection sees it, from another thread: outside the unit. */
    private static int countElsewhere(TestDatabase kind, LedgerDao dao) throws Exception {
        int[] count = new int[1];
        Thread reader = new Thread(() -> {
            try {
                count[0] = dao.count();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        reader.join();
        return count[0];
    }
}
