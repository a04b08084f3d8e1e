package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unitofwork.scenarios.TestDatabase;

/**
 * {@link JoinMode}: what the transactions of legacy code that commits by hand become inside a unit,
 * on an application's HikariCP pool (auto-commit on, as legacy applications configure it) adopted
 * with {@link Database#adopt}. Savepoint mode is the default: legacy code that catches a failure,
 * rolls back and carries on keeps working, and the unit still commits all or nothing (S24).
 */
class LegacyJoinModeTest {
    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).run();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aCaughtFailureRollsBackToTheLegacyTransactionsSavepointAndTheUnitGoesOn(TestDatabase kind) throws Exception {
        Fixture f = fixture(kind, JoinMode.SAVEPOINT);
        List<SQLException> caught = new ArrayList<>();
        f.unit().run(session -> {
            f.insert(1);
            caught.add(f.insertCatchingAndRollingBack(1)); // a duplicate: the legacy code rolls back and goes on
            f.insert(2);
        });
        assertNotNull(caught.get(0), "the duplicate failed");
        assertEquals(List.of(1, 2), f.committedIds(), "the work before and after the caught failure committed");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFailureOutOfTheUnitStillRollsBackEveryLegacyTransaction(TestDatabase kind) throws Exception {
        Fixture f = fixture(kind, JoinMode.SAVEPOINT);
        IllegalStateException failure = new IllegalStateException("half-way");
        assertSame(failure, assertThrows(IllegalStateException.class, () -> f.unit().run(session -> {
            f.insert(1);
            f.insertCatchingAndRollingBack(1);
            f.insert(2);
            throw failure;
        })));
        assertEquals(List.of(), f.committedIds());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aLegacyRollbackUndoesItsOwnTransactionOnly(TestDatabase kind) throws Exception {
        Fixture f = fixture(kind, JoinMode.SAVEPOINT);
        f.unit().run(session -> {
            f.insert(1);
            try (Connection c = f.db().dataSource().getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.executeUpdate("insert into " + f.table() + " values (2, 'x')");
                s.executeUpdate("insert into " + f.table() + " values (3, 'x')");
                c.rollback();
                s.executeUpdate("insert into " + f.table() + " values (4, 'x')"); // a new legacy transaction
                c.commit();
                c.rollback(); // nothing open: nothing to undo
            }
        });
        assertEquals(List.of(1, 4), f.committedIds());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void statementsLegacyCodeRunsInAutoCommitAreNoLegacyTransactionsOwn(TestDatabase kind) throws Exception {
        Fixture f = fixture(kind, JoinMode.SAVEPOINT);
        f.unit().run(session -> {
            try (Connection c = f.db().dataSource().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("insert into " + f.table() + " values (1, 'auto-commit')");
            }
            try (Connection c = f.db().dataSource().getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                assertFalse(c.getAutoCommit(), "as the legacy code set it; the unit's transaction goes on regardless");
                s.executeUpdate("insert into " + f.table() + " values (2, 'x')");
                c.commit();
                // closed with auto-commit off: the pool would lend the next connection with auto-commit on again
            }
            try (Connection c = f.db().dataSource().getConnection(); Statement s = c.createStatement()) {
                assertTrue(c.getAutoCommit(), "as the pool lends it, and as the legacy code set it before closing");
                s.executeUpdate("insert into " + f.table() + " values (3, 'auto-commit')");
            }
            try (Connection c = f.db().dataSource().getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.executeUpdate("insert into " + f.table() + " values (4, 'x')");
                c.setAutoCommit(true); // commits, as JDBC says
                c.setAutoCommit(false);
                s.executeUpdate("insert into " + f.table() + " values (5, 'x')");
                c.rollback();
            }
        });
        assertEquals(List.of(1, 2, 3, 4), f.committedIds());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void insideANestedBoundaryALegacyTransactionRollsBackOnItsOwn(TestDatabase kind) throws Exception {
        Fixture f = fixture(kind, JoinMode.SAVEPOINT);
        Boundary nested = Boundary.builder("LegacyService.step").database(f.db().name())
                .propagation(Propagation.NESTED).build();
        f.unit().run(session -> {
            f.insert(1);
            nested.run(inner -> {
                f.insert(2);
                f.insertCatchingAndRollingBack(2);
                f.insert(3);
            });
        });
        assertEquals(List.of(1, 2, 3), f.committedIds());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aLegacyTransactionBegunBeforeANestedBoundaryAndRolledBackInsideItDoomsThatBoundary(TestDatabase kind)
            throws Exception {
        Fixture f = fixture(kind, JoinMode.SAVEPOINT);
        Boundary nested = Boundary.builder("LegacyService.step").database(f.db().name())
                .propagation(Propagation.NESTED).build();
        f.unit().run(session -> {
            f.insert(1);
            try (Connection c = f.db().dataSource().getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.executeUpdate("insert into " + f.table() + " values (2, 'x')");
                RollbackOnlyException e = assertThrows(RollbackOnlyException.class, () -> nested.run(inner -> {
                    s.executeUpdate("insert into " + f.table() + " values (3, 'x')");
                    c.rollback();
                }));
                assertTrue(e.getMessage().contains("its transaction began before the NESTED boundary that runs now"),
                        e.getMessage());
                c.commit();
            }
        });
        assertEquals(List.of(1, 2), f.committedIds(), "the nested boundary rolled back to its own savepoint");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void inRollbackOnlyModeALegacyRollbackDoomsTheUnitLoudly(TestDatabase kind) throws Exception {
        Fixture f = fixture(kind, JoinMode.ROLLBACK_ONLY);
        // (on PostgreSQL a statement after the caught failure would fail too: the whole transaction is aborted)
        RollbackOnlyException e = assertThrows(RollbackOnlyException.class, () -> f.unit().run(session -> {
            f.insert(1);
            f.insertCatchingAndRollingBack(1);
        }));
        assertTrue(e.getMessage().contains("code that manages its own transactions called rollback()"), e.getMessage());
        assertEquals(List.of(), f.committedIds());
    }

    /** A table, the application's pool on it and that pool adopted; all removed after the test. */
    private Fixture fixture(TestDatabase kind, JoinMode mode) throws SQLException {
        kind.assumeAvailable();
        String url = kind.newUrl();
        String table = TestDatabase.uniqueName("legacy_join");
        kind.createTable(url, table);
        cleanup.add(() -> {
            try {
                kind.dropTable(url, table);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(kind == TestDatabase.H2 ? "sa" : kind == TestDatabase.POSTGRES ? "postgres" : "root");
        config.setMaximumPoolSize(2);
        HikariDataSource appPool = new HikariDataSource(config);
        cleanup.add(appPool::close);
        Database db = Database.adopt(TestDatabase.uniqueName("legacy"), appPool, mode);
        cleanup.add(db::close);
        return new Fixture(db, appPool, table);
    }

    private record Fixture(Database db, DataSource appPool, String table) {
        Boundary unit() {
            return Boundary.builder("LegacyService.importBatch").database(db.name()).build();
        }

        /** A legacy DAO method: its own connection, transaction, commit and close. */
        void insert(int id) throws SQLException {
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("insert into " + table + " values (" + id + ", 'x')");
                }
                c.commit();
            }
        }

        /** The same, rolling back when the insert fails and returning the failure instead of throwing it. */
        SQLException insertCatchingAndRollingBack(int id) throws SQLException {
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("insert into " + table + " values (" + id + ", 'x')");
                    c.commit();
                    return null;
                } catch (SQLException e) {
                    c.rollback();
                    return e;
                }
            }
        }

        /** What is committed, read on a connection of the application's pool outside any unit. */
        List<Integer> committedIds() throws SQLException {
            List<Integer> ids = new ArrayList<>();
            try (Connection c = appPool.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select id from " + table + " order by id")) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
            return ids;
        }
    }
}
