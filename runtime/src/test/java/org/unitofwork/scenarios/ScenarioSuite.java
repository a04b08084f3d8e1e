package org.unitofwork.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.unitofwork.scenarios.EntryPoint.doing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.unitofwork.CommitFailedException;
import org.unitofwork.ConnectionUnavailableException;
import org.unitofwork.Database;
import org.unitofwork.GuardedConnectionException;
import org.unitofwork.HookFailedException;
import org.unitofwork.NoActiveUnitException;
import org.unitofwork.Outcome;
import org.unitofwork.PropagationException;
import org.unitofwork.RollbackOnlyException;
import org.unitofwork.Session;
import org.unitofwork.UnitTimeoutException;
import org.unitofwork.WrongThreadException;

/**
 * The behaviour rules S1–S19 of DESIGN.md as scenarios, each named after its rule, run through one
 * {@link EntryPoint} on one {@link TestDatabase}. Subclasses pick both; the processor and agent
 * modules subclass it to prove that their entry points behave the same (S20).
 *
 * <p>Every scenario ends with the same checks: no connection of either database is borrowed and no
 * unit is registered on the test's thread.
 *
 * <p>Scenarios write their rows through {@link #write}, plain JDBC here; a subclass can write them
 * through a session kind instead (a JPA {@code EntityManager}), which may hold writes back until a
 * flush. Where a scenario looks at the database from inside a unit, it first calls {@link #flush}, so
 * that the same rows are there, uncommitted, whatever wrote them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ScenarioSuite {
    /** Pool size of the {@code "default"} database; S7 exhausts it on purpose. */
    protected static final int POOL_SIZE = 3;

    private Database db;
    private Database other;
    private String url;
    private String otherUrl;
    private String table;
    private String otherTable;
    private EntryPoint entry;

    /** The way boundaries are drawn in this run. */
    protected abstract EntryPoint entryPoint();

    /** The database this run uses. */
    protected abstract TestDatabase target();

    /**
     * Called once for each database before any scenario, with the table the scenarios write to on it:
     * a subclass that writes through a session kind registers it here.
     */
    protected void prepare(Database database, String table) throws Exception {
    }

    /** Writes row {@code id} into {@code table} in the session's unit: a JDBC insert, sent at once. */
    protected void write(Session session, String table, int id) throws Exception {
        try (Statement s = session.connection().createStatement()) {
            s.executeUpdate("insert into " + table + " (id, note) values (" + id + ", 'row " + id + "')");
        }
    }

    /** Sends what {@link #write} held back in the session's unit to the database; JDBC holds nothing back. */
    protected void flush(Session session) throws Exception {
    }

    @BeforeAll
    void openDatabases() throws Exception {
        target().assumeAvailable();
        entry = entryPoint();
        url = target().newUrl();
        otherUrl = target().newUrl();
        table = TestDatabase.uniqueName("uow_s");
        otherTable = TestDatabase.uniqueName("uow_o");
        target().createTable(url, table);
        target().createTable(otherUrl, otherTable);
        db = target().build(Database.DEFAULT_NAME, url, POOL_SIZE);
        other = target().build("other", otherUrl, 2);
        prepare(db, table);
        prepare(other, otherTable);
    }

    @AfterAll
    void closeDatabases() throws SQLException {
        if (db != null) {
            db.close();
            other.close();
            target().dropTable(url, table);
            target().dropTable(otherUrl, otherTable);
        }
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Connection c = target().connect(url); Statement s = c.createStatement()) {
            s.executeUpdate("delete from " + table);
        }
        try (Connection c = target().connect(otherUrl); Statement s = c.createStatement()) {
            s.executeUpdate("delete from " + otherTable);
        }
    }

    @AfterEach
    void nothingLeftBehind() {
        assertEquals(0, db.activeConnections(), "connections of 'default' still borrowed");
        assertEquals(0, other.activeConnections(), "connections of 'other' still borrowed");
        assertThrows(NoActiveUnitException.class, Session::current, "a unit is still registered on this thread");
        assertThrows(NoActiveUnitException.class, () -> Session.current("other"));
    }

    // ---------------------------------------------------------------- S1 boundary

    @Test
    void s1_returnCommits() throws Exception {
        Integer result = entry.enter(BoundaryKind.REQUIRED, session -> {
            insert(session, 1);
            return 42;
        });
        assertEquals(42, result);
        assertEquals(List.of(1), committedIds());
    }

    @Test
    void s1_runtimeExceptionRollsBackAndIsRethrownAsItself() throws Exception {
        IllegalStateException thrown = new IllegalStateException("boom");
        Exception caught = assertThrows(Exception.class, () -> entry.enter(BoundaryKind.REQUIRED, doing(session -> {
            insert(session, 1);
            throw thrown;
        })));
        assertSame(thrown, caught);
        assertEquals(List.of(), committedIds());
    }

    @Test
    void s1_checkedExceptionRollsBackAndIsRethrownAsItself() throws Exception {
        IOException thrown = new IOException("disk full");
        Exception caught = assertThrows(Exception.class, () -> entry.enter(BoundaryKind.REQUIRED, doing(session -> {
            insert(session, 1);
            throw thrown;
        })));
        assertSame(thrown, caught);
        assertEquals(List.of(), committedIds());
    }

    @Test
    void s1_errorRollsBackAndIsRethrownAsItself() throws Exception {
        Error thrown = new Error("fatal");
        Error caught = assertThrows(Error.class, () -> entry.enter(BoundaryKind.REQUIRED, doing(session -> {
            insert(session, 1);
            throw thrown;
        })));
        assertSame(thrown, caught);
        assertEquals(List.of(), committedIds());
    }

    // ---------------------------------------------------------------- S2 release

    @Test
    void s2_connectionAndRegistryReleasedAfterCommitAndAfterRollback() throws Exception {
        entry.enter(BoundaryKind.REQUIRED, doing(session -> {
            insert(session, 1);
            flush(session);
            assertEquals(1, db.activeConnections());
            assertSame(session, Session.current());
        }));
        assertEquals(0, db.activeConnections());
        assertThrows(NoActiveUnitException.class, Session::current);

        assertThrows(IllegalStateException.class, () -> entry.enter(BoundaryKind.REQUIRED, doing(session -> {
            insert(session, 2);
            throw new IllegalStateException("boom");
        })));
        assertEquals(0, db.activeConnections());
        assertThrows(NoActiveUnitException.class, Session::current);
        assertEquals(List.of(1), committedIds());
    }

    @Test
    void s2_releasedWhenTheThreadIsInterrupted() throws Exception {
        try {
            IllegalStateException thrown = new IllegalStateException("cancelled");
            Exception caught = assertThrows(Exception.class, () -> entry.enter(BoundaryKind.REQUIRED, doing(session -> {
                insert(session, 1);
                Thread.currentThread().interrupt();
                throw thrown;
            })));
            assertSame(thrown, caught);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt must stay visible to the caller");
        } finally {
            Thread.interrupted();
        }
        assertEquals(0, db.activeConnections());
        assertEquals(List.of(), committedIds());
    }

    // ---------------------------------------------------------------- S3 no masking

    @Test
    void s3_rollbackFailureIsSuppressedOnTheOriginalException() throws Exception {
        IllegalStateException thrown = new IllegalStateException("boom");
        Exception caught = assertThrows(Exception.class, () -> entry.enter(BoundaryKind.REQUIRED, doing(session -> {
            insert(session, 1);
            kill(session); // the rollback that follows cannot succeed
            throw thrown;
        })));
        assertSame(thrown, caught);
        assertEquals(1, thrown.getSuppressed().length, Arrays.toString(thrown.getSuppressed()));
        assertTrue(thrown.getSuppressed()[0].getMessage().contains("could not roll back"),
                thrown.getSuppressed()[0].getMessage());
        assertEquals(List.of(), committedIds());
    }

    // ---------------------------------------------------------------- S4 commit failure

    @Test
    void s4_commitFailureThrowsWithTheDriversCauseAndEvictsTheConnection() throws Exception {
        CommitFailedException e = assertThrows(CommitFailedException.class,
                () -> entry.enter(BoundaryKind.REQUIRED, doing(session -> {
                    insert(session, 1);
                    kill(session);
                })));
        assertTrue(e.getCause() instanceof SQLException, String.valueOf(e.getCause()));
        assertTrue(e.getMessage().contains(entry.boundaryName(BoundaryKind.REQUIRED)), e.getMessage());
        assertEquals(List.of(), committedIds());
        for (Connection c : borrowWholePool()) {
            try (c) {
                assertTrue(c.isValid(2), "the broken connection was handed out again");
            }
        }
    }

    @Test
    void s4_deferredConstraintFailingAtCommit() throws Exception {
        assumeTrue(target() == TestDatabase.POSTGRES, "deferred constraints are a PostgreSQL feature");
        String deferred = TestDatabase.uniqueName("uow_d");
        try (Connection c = target().connect(url); Statement s = c.createStatement()) {
            s.execute("create table " + deferred + " (id int, constraint " + deferred
                    + "_u unique (id) deferrable initially deferred)");
        }
        try {
            CommitFailedException e = assertThrows(CommitFailedException.class,
                    () -> entry.enter(BoundaryKind.REQUIRED, doing(session -> {
                        try (Statement s = session.connection().createStatement()) {
                            s.executeUpdate("insert into " + deferred + " values (1), (1)");
                        }
                        insert(session, 1);
                    })));
            assertEquals("23505", ((SQLException) e.getCause()).getSQLState());
            assertEquals(List.of(), committedIds());
        } finally {
            target().dropTable(url, deferred);
        }
    }

    // ---------------------------------------------------------------- S5 join

    @Test
    void s5_innerBoundaryJoinsTheOuterUnitAndOnlyTheOuterCommits() throws Exception {
        entry.enter(BoundaryKind.REQUIRED, doing(outer -> {
            insert(outer, 1);
            entry.enter(BoundaryKind.REQUIRED, doing(inner -> {
                assertSame(outer, inner);
                assertSame(outer.connection(), inner.connection());
                insert(inner, 2);
            }));
            flush(outer);
            assertEquals(List.of(), committedIds(), "the inner boundary must not commit");
            assertEquals(1, db.activeConnections());
        }));
        assertEquals(List.of(1, 2), committedIds());
    }

    // ---------------------------------------------------------------- S6 rollback-only

    @Test
    void s6_failedInnerBoundaryMakesTheOuterRollBackLoudly() throws Exception {
        IllegalStateException innerFailure = new IllegalStateException("insufficient funds");
        RollbackOnlyException e = assertThrows(RollbackOnlyException.class,
                () -> entry.enter(BoundaryKind.REQUIRED, doing(outer -> {
                    insert(outer, 1);
                    try {
                        entry.enter(BoundaryKind.MANDATORY, doing(inner -> {
                            insert(inner, 2);
                            throw innerFailure;
                        }));
                        fail("the inner failure must reach the outer work");
                    } catch (IllegalStateException expected) {
                        assertSame(innerFailure, expected);
                        assertTrue(outer.isRollbackOnly());
                    }
                })));
        assertSame(innerFailure, e.getCause());
        assertTrue(e.getMessage().contains(entry.boundaryName(BoundaryKind.MANDATORY)), e.getMessage());
        assertEquals(List.of(), committedIds());
    }

    // ---------------------------------------------------------------- S7 requires new

    @Test
    void s7_requiresNewCommitsOnItsOwnAndResumesTheOuterUnit() throws Exception {
        IllegalStateException outerFailure = new IllegalStateException("outer fails");
        assertThrows(IllegalStateException.class, () -> entry.enter(BoundaryKind.REQUIRED, doing(outer -> {
            insert(outer, 1);
            entry.enter(BoundaryKind.REQUIRES_NEW, doing(inner -> {
                assertNotSame(outer, inner);
                assertNotEquals(target().sessionId(outer.connection()), target().sessionId(inner.connection()));
                assertSame(inner, Session.current());
                insert(inner, 2);
            }));
            flush(outer);
            assertEquals(List.of(2), committedIds(), "REQUIRES_NEW commits when it returns");
            assertSame(outer, Session.current(), "the outer unit is resumed");
            throw outerFailure;
        })));
        assertEquals(List.of(2), committedIds());
    }

    @Test
    void s7_requiresNewFailsFastWhenThisThreadHoldsThePool() throws Exception {
        ConnectionUnavailableException e = assertThrows(ConnectionUnavailableException.class,
                () -> entry.enter(BoundaryKind.REQUIRED, doing(s0 -> {
                    s0.connection();
                    entry.enter(BoundaryKind.REQUIRES_NEW, doing(s1 -> {
                        s1.connection();
                        entry.enter(BoundaryKind.REQUIRES_NEW, doing(s2 -> {
                            s2.connection();
                            entry.enter(BoundaryKind.REQUIRES_NEW, doing(s3 -> s3.connection()));
                        }));
                    }));
                })));
        assertTrue(e.getMessage().contains("this thread already holds all " + POOL_SIZE + " connections"), e.getMessage());
        assertTrue(e.getMessage().contains(entry.boundaryName(BoundaryKind.REQUIRES_NEW)), e.getMessage());
    }

    // ---------------------------------------------------------------- S8 nested

    @Test
    void s8_nestedFailureRollsBackToItsSavepointOnly() throws Exception {
        IllegalStateException nestedFailure = new IllegalStateException("nested fails");
        entry.enter(BoundaryKind.REQUIRED, doing(outer -> {
            insert(outer, 1);
            Exception caught = assertThrows(Exception.class, () -> entry.enter(BoundaryKind.NESTED, doing(nested -> {
                assertSame(outer, nested);
                insert(nested, 2);
                flush(nested); // the savepoint has work to undo
                throw nestedFailure;
            })));
            assertSame(nestedFailure, caught);
            assertFalse(outer.isRollbackOnly(), "a nested failure must not doom the outer unit");
            insert(outer, 3);
        }));
        assertEquals(List.of(1, 3), committedIds());
    }

    @Test
    void s8_nestedScopeOpenedBeforeTheConnectionWasBorrowed() throws Exception {
        entry.enter(BoundaryKind.REQUIRED, doing(outer -> {
            assertThrows(IllegalStateException.class, () -> entry.enter(BoundaryKind.NESTED, doing(nested -> {
                insert(nested, 2);
                flush(nested);
                throw new IllegalStateException("nested fails");
            })));
            insert(outer, 3);
        }));
        assertEquals(List.of(3), committedIds());
    }

    @Test
    void s8_nestedSuccessKeepsItsWork() throws Exception {
        entry.enter(BoundaryKind.REQUIRED, doing(outer -> {
            insert(outer, 1);
            entry.enter(BoundaryKind.NESTED, doing(nested -> insert(nested, 2)));
        }));
        assertEquals(List.of(1, 2), committedIds());
    }

    @Test
    void s8_nestedWithoutAnOuterUnitBehavesAsRequired() throws Exception {
        entry.enter(BoundaryKind.NESTED, doing(session -> insert(session, 1)));
        assertThrows(IllegalStateException.class, () -> entry.enter(BoundaryKind.NESTED, doing(session -> {
            insert(session, 2);
            throw new IllegalStateException("boom");
        })));
        assertEquals(List.of(1), committedIds());
    }

    // ---------------------------------------------------------------- S9 other propagations

    @Test
    void s9_mandatoryWithoutAUnitFails() throws Exception {
        PropagationException e = assertThrows(PropagationException.class,
                () -> entry.enter(BoundaryKind.MANDATORY, doing(session -> fail("must not run"))));
        assertTrue(e.getMessage().contains(entry.boundaryName(BoundaryKind.MANDATORY)), e.getMessage());
        assertTrue(e.getMessage().contains("MANDATORY"), e.getMessage());
    }

    @Test
    void s9_mandatoryJoinsTheActiveUnit() throws Exception {
        entry.enter(BoundaryKind.REQUIRED, doing(outer ->
                entry.enter(BoundaryKind.MANDATORY, doing(inner -> assertSame(outer, inner)))));
    }

    @Test
    void s9_neverInsideAUnitFails() throws Exception {
        entry.enter(BoundaryKind.REQUIRED, doing(outer -> {
            PropagationException e = assertThrows(PropagationException.class,
                    () -> entry.enter(BoundaryKind.NEVER, doing(session -> fail("must not run"))));
            assertTrue(e.getMessage().contains(entry.boundaryName(BoundaryKind.NEVER)), e.getMessage());
        }));
    }

    @Test
    void s9_neverOutsideAUnitRunsWithoutATransaction() throws Exception {
        assertThrows(IllegalStateException.class, () -> entry.enter(BoundaryKind.NEVER, doing(session -> {
            assertFalse(session.isTransactional());
            insert(session, 1);
            flush(session); // the statement runs, and commits as it runs
            throw new IllegalStateException("no transaction to roll back");
        })));
        assertEquals(List.of(1), committedIds(), "without a transaction each statement commits as it runs");
    }

    @Test
    void s9_supportsJoinsAUnitOrRunsWithoutOne() throws Exception {
        entry.enter(BoundaryKind.REQUIRED, doing(outer ->
                entry.enter(BoundaryKind.SUPPORTS, doing(inner -> assertSame(outer, inner)))));
        entry.enter(BoundaryKind.SUPPORTS, doing(session -> {
            assertFalse(session.isTransactional());
            insert(session, 1);
            flush(session);
            assertEquals(List.of(1), committedIds());
        }));
    }

    @Test
    void s9_notSupportedSuspendsTheActiveUnit() throws Exception {
        assertThrows(IllegalStateException.class, () -> entry.enter(BoundaryKind.REQUIRED, doing(outer -> {
            insert(outer, 1);
            entry.enter(BoundaryKind.NOT_SUPPORTED, doing(inner -> {
                assertNotSame(outer, inner);
                assertFalse(inner.isTransactional());
                insert(inner, 2);
                flush(inner);
                assertEquals(List.of(2), committedIds());
            }));
            assertSame(outer, Session.current());
            throw new IllegalStateException("outer fails");
        })));
        assertEquals(List.of(2), committedIds());
    }

    // ---------------------------------------------------------------- S10 rules

    @Test
    void s10_noRollbackForCommitsAndStillRethrows() throws Exception {
        IllegalArgumentException thrown = new IllegalArgumentException("expected business outcome");
        Exception caught = assertThrows(Exception.class, () -> entry.enter(BoundaryKind.RULES, doing(session -> {
            insert(session, 1);
            throw thrown;
        })));
        assertSame(thrown, caught);
        assertEquals(List.of(1), committedIds());
    }

    @Test
    void s10_closestClassInTheHierarchyWins() throws Exception {
        // NumberFormatException extends IllegalArgumentException: rollbackFor names it, noRollbackFor its parent
        assertThrows(NumberFormatException.class, () -> entry.enter(BoundaryKind.RULES, doing(session -> {
            insert(session, 1);
            throw new NumberFormatException("closer rule: roll back");
        })));
        assertThrows(IllegalStateException.class, () -> entry.enter(BoundaryKind.RULES, doing(session -> {
            insert(session, 2);
            throw new IllegalStateException("no rule: roll back");
        })));
        assertEquals(List.of(), committedIds());
    }

    // ---------------------------------------------------------------- S11 lazy

    @Test
    void s11_connectionBorrowedOnFirstUseOnly() throws Exception {
        entry.enter(BoundaryKind.REQUIRED, doing(session -> {
            assertEquals(0, db.activeConnections(), "nothing borrowed before connection()");
            Connection first = session.connection();
            assertEquals(1, db.activeConnections());
            assertSame(first, session.connection());
        }));
        entry.enter(BoundaryKind.REQUIRED, doing(session -> session.afterCommit(() -> { })));
        assertEquals(0, db.activeConnections());
    }

    // ---------------------------------------------------------------- S12 guarded connection

    @Test
    void s12_closeIsHarmless() throws Exception {
        entry.enter(BoundaryKind.REQUIRED, doing(session -> {
            session.connection().close();
            insert(session, 1);
            try (Connection again = db.dataSource().getConnection()) {
                assertSame(session.connection(), again);
            }
            insert(session, 2);
        }));
        assertEquals(List.of(1, 2), committedIds());
    }

    @Test
    void s12_commitRollbackAndAutoCommitAreRefusedWithAReason() throws Exception {
        entry.enter(BoundaryKind.REQUIRED, doing(session -> {
            Connection c = session.connection();
            insert(session, 1);
            GuardedConnectionException commit = assertThrows(GuardedConnectionException.class, c::commit);
            assertTrue(commit.getMessage().contains("commit() is not allowed"), commit.getMessage());
            assertTrue(commit.getMessage().contains("REQUIRES_NEW"), commit.getMessage());
            GuardedConnectionException rollback = assertThrows(GuardedConnectionException.class, c::rollback);
            assertTrue(rollback.getMessage().contains("rollback() is not allowed"), rollback.getMessage());
            GuardedConnectionException autoCommit = assertThrows(GuardedConnectionException.class,
                    () -> c.setAutoCommit(true));
            assertTrue(autoCommit.getMessage().contains("setAutoCommit(true) is not allowed"), autoCommit.getMessage());
            assertFalse(c.getAutoCommit());
            flush(session);
            assertEquals(List.of(), committedIds(), "nothing may have been committed behind the boundary");
        }));
        assertEquals(List.of(1), committedIds());
    }

    @Test
    void s12_statementsLeftOpenAreClosedWhenTheUnitEnds() throws Exception {
        AtomicReference<Statement> statement = new AtomicReference<>();
        AtomicReference<ResultSet> resultSet = new AtomicReference<>();
        entry.enter(BoundaryKind.REQUIRED, doing(session -> {
            statement.set(session.connection().createStatement());
            resultSet.set(statement.get().executeQuery("select id from " + table));
        }));
        assertTrue(statement.get().isClosed());
        assertTrue(resultSet.get().isClosed());
    }

    // ---------------------------------------------------------------- S13 thread confinement

    @Test
    void s13_sessionUsedOnAnotherThreadFailsNamingBothThreads() throws Exception {
        String owner = Thread.currentThread().getName();
        entry.enter(BoundaryKind.REQUIRED, doing(session -> {
            CompletableFuture<Object> elsewhere = new CompletableFuture<>();
            Thread thief = new Thread(() -> {
                try {
                    elsewhere.complete(session.connection());
                } catch (Throwable t) {
                    elsewhere.completeExceptionally(t);
                }
            }, "thief-thread");
            thief.start();
            ExecutionException e = assertThrows(ExecutionException.class, elsewhere::get);
            assertTrue(e.getCause() instanceof WrongThreadException, String.valueOf(e.getCause()));
            assertTrue(e.getCause().getMessage().contains(owner), e.getCause().getMessage());
            assertTrue(e.getCause().getMessage().contains("thief-thread"), e.getCause().getMessage());
        }));
    }

    @Test
    void s13_currentWithoutAUnitSaysHowToOpenOne() throws Exception {
        NoActiveUnitException e = assertThrows(NoActiveUnitException.class, Session::current);
        assertTrue(e.getMessage().contains("No unit of work is active for database 'default'"), e.getMessage());
        assertTrue(e.getMessage().contains(".run(session -> ...)"), e.getMessage());
    }

    // ---------------------------------------------------------------- S14 read-only

    @Test
    void s14_readOnlyUnitIsReadOnlyAndRestoredAfterwards() throws Exception {
        entry.enter(BoundaryKind.READ_ONLY, doing(session -> {
            assertTrue(session.connection().isReadOnly());
            assertEquals(0, countRows(session));
        }));
        for (Connection c : borrowWholePool()) {
            try (c) {
                assertFalse(c.isReadOnly(), "read-only must be reset before the connection goes back");
            }
        }
    }

    @Test
    void s14_readWriteInsideReadOnlyFails() throws Exception {
        entry.enter(BoundaryKind.READ_ONLY, doing(outer -> {
            PropagationException e = assertThrows(PropagationException.class,
                    () -> entry.enter(BoundaryKind.REQUIRED, doing(inner -> fail("must not run"))));
            assertTrue(e.getMessage().contains("read-write"), e.getMessage());
            assertTrue(e.getMessage().contains(entry.boundaryName(BoundaryKind.READ_ONLY)), e.getMessage());
        }));
    }

    // ---------------------------------------------------------------- S15 isolation

    @Test
    void s15_isolationSetForTheUnitAndRestoredAfterwards() throws Exception {
        int poolDefault;
        try (Connection plain = db.dataSource().getConnection()) {
            poolDefault = plain.getTransactionIsolation();
        }
        assumeTrue(poolDefault != Connection.TRANSACTION_SERIALIZABLE, "the pool already runs SERIALIZABLE");
        entry.enter(BoundaryKind.SERIALIZABLE, doing(session ->
                assertEquals(Connection.TRANSACTION_SERIALIZABLE, session.connection().getTransactionIsolation())));
        for (Connection c : borrowWholePool()) {
            try (c) {
                assertEquals(poolDefault, c.getTransactionIsolation(), "isolation must be reset before the connection goes back");
            }
        }
    }

    @Test
    void s15_anotherIsolationInsideAJoinedUnitFails() throws Exception {
        entry.enter(BoundaryKind.REQUIRED, doing(outer -> {
            PropagationException e = assertThrows(PropagationException.class,
                    () -> entry.enter(BoundaryKind.SERIALIZABLE, doing(inner -> fail("must not run"))));
            assertTrue(e.getMessage().contains("SERIALIZABLE"), e.getMessage());
            assertTrue(e.getMessage().contains(entry.boundaryName(BoundaryKind.SERIALIZABLE)), e.getMessage());
        }));
    }

    // ---------------------------------------------------------------- S16 timeout

    @Test
    void s16_aStatementOutlastingTheDeadlineIsCancelledAndTheCallerIsToldWhy() throws Exception {
        AtomicReference<SQLException> cancelled = new AtomicReference<>();
        SQLException e = assertThrows(SQLException.class, () -> entry.enter(BoundaryKind.TIMEOUT_1S, doing(session -> {
            insert(session, 1);
            try (Statement s = session.connection().createStatement()) {
                s.execute(target().slowQuery());
            } catch (SQLException driverException) {
                cancelled.set(driverException);
                throw driverException;
            }
            fail("the statement outlasted the unit's deadline of 1 s without being cancelled");
        })));
        assertSame(cancelled.get(), e, "S1: the driver's exception itself reaches the caller");
        UnitTimeoutException why = Arrays.stream(e.getSuppressed()).filter(UnitTimeoutException.class::isInstance)
                .map(UnitTimeoutException.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no UnitTimeoutException says the deadline cut it", e));
        assertTrue(why.getMessage().contains(entry.boundaryName(BoundaryKind.TIMEOUT_1S)), why.getMessage());
        assertTrue(why.getMessage().contains("deadline of 1 s"), why.getMessage());
        assertEquals(List.of(), committedIds());
    }

    @Test
    void s16_unitPastItsDeadlineRollsBackAtCommit() throws Exception {
        UnitTimeoutException e = assertThrows(UnitTimeoutException.class,
                () -> entry.enter(BoundaryKind.TIMEOUT_1S, doing(session -> {
                    insert(session, 1);
                    Thread.sleep(1_100);
                })));
        assertTrue(e.getMessage().contains(entry.boundaryName(BoundaryKind.TIMEOUT_1S)), e.getMessage());
        assertEquals(List.of(), committedIds());
    }

    // ---------------------------------------------------------------- S17 retries

    @Test
    void s17_transientFailureRunsTheWholeUnitAgain() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        String result = entry.enter(BoundaryKind.RETRIES_3, session -> {
            insert(session, 1); // a leftover of an earlier attempt would break the primary key
            if (attempts.incrementAndGet() < 3) {
                throw new SQLException("could not serialize access", "40001");
            }
            return "done";
        });
        assertEquals("done", result);
        assertEquals(3, attempts.get());
        assertEquals(List.of(1), committedIds());
    }

    @Test
    void s17_exhaustedRetriesThrowTheLastFailureWithTheEarlierSuppressed() throws Exception {
        List<SQLException> failures = new ArrayList<>();
        SQLException caught = assertThrows(SQLException.class, () -> entry.enter(BoundaryKind.RETRIES_3, doing(session -> {
            insert(session, 1);
            SQLException failure = new SQLException("deadlock detected", "40P01");
            failures.add(failure);
            throw failure;
        })));
        assertEquals(4, failures.size(), "one try and three retries");
        assertSame(failures.get(3), caught);
        List<Throwable> suppressed = Arrays.asList(caught.getSuppressed());
        assertEquals(4, suppressed.size(), "a note that the retries ran out, and the earlier failures: " + suppressed);
        assertTrue(suppressed.get(0).getMessage().startsWith("Boundary " + entry.boundaryName(BoundaryKind.RETRIES_3)
                + " on database 'default' on thread '" + Thread.currentThread().getName() + "' (#"),
                suppressed.get(0).getMessage());
        assertTrue(suppressed.get(0).getMessage().contains(" gave up after 4 attempts (retries = 3): "),
                suppressed.get(0).getMessage());
        assertEquals(failures.subList(0, 3), suppressed.subList(1, 4));
        assertEquals(List.of(), committedIds());
    }

    @Test
    void s17_permanentFailureIsNotRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(SQLException.class, () -> entry.enter(BoundaryKind.RETRIES_3, doing(session -> {
            attempts.incrementAndGet();
            throw new SQLException("syntax error", "42601");
        })));
        assertEquals(1, attempts.get());
    }

    @Test
    void s17_joinedInnerBoundaryNeverRetries() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(SQLException.class, () -> entry.enter(BoundaryKind.REQUIRED, doing(outer ->
                entry.enter(BoundaryKind.RETRIES_3, doing(inner -> {
                    attempts.incrementAndGet();
                    throw new SQLException("could not serialize access", "40001");
                })))));
        assertEquals(1, attempts.get());
    }

    // ---------------------------------------------------------------- S18 hooks

    @Test
    void s18_hooksRunInOrderAfterTheConnectionIsBack() throws Exception {
        List<String> events = new ArrayList<>();
        entry.enter(BoundaryKind.REQUIRED, doing(session -> {
            insert(session, 1);
            session.afterCommit(() -> {
                events.add("commit#1 active=" + db.activeConnections() + " committed=" + committedIdsUnchecked());
                assertThrows(NoActiveUnitException.class, Session::current);
            });
            session.afterRollback(() -> events.add("rollback"));
            entry.enter(BoundaryKind.REQUIRED, doing(inner -> inner.afterCommit(() -> events.add("commit#2"))));
            session.afterCompletion(outcome -> events.add("completion " + outcome));
            assertEquals(List.of(), events, "no hook may run before the unit ends");
        }));
        assertEquals(List.of("commit#1 active=0 committed=[1]", "commit#2", "completion " + Outcome.COMMITTED), events);
    }

    @Test
    void s18_rollbackHooksRunAfterAFailure() throws Exception {
        List<String> events = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> entry.enter(BoundaryKind.REQUIRED, doing(session -> {
            session.afterCommit(() -> events.add("commit"));
            session.afterRollback(() -> events.add("rollback"));
            session.afterCompletion(outcome -> events.add("completion " + outcome));
            throw new IllegalStateException("boom");
        })));
        assertEquals(List.of("rollback", "completion " + Outcome.ROLLED_BACK), events);
    }

    @Test
    void s18_failingHookNeitherUndoesTheCommitNorStopsTheOthers() throws Exception {
        List<String> events = new ArrayList<>();
        IllegalStateException hookFailure = new IllegalStateException("mail server down");
        HookFailedException e = assertThrows(HookFailedException.class,
                () -> entry.enter(BoundaryKind.REQUIRED, doing(session -> {
                    insert(session, 1);
                    session.afterCommit(() -> {
                        throw hookFailure;
                    });
                    session.afterCommit(() -> events.add("second hook ran"));
                })));
        assertSame(hookFailure, e.getCause());
        assertTrue(e.getMessage().contains("committed; its work stands"), e.getMessage());
        assertEquals(List.of("second hook ran"), events);
        assertEquals(List.of(1), committedIds());
    }

    // ---------------------------------------------------------------- S19 several databases

    @Test
    void s19_unitsOnDifferentDatabasesAreIndependent() throws Exception {
        entry.enter(BoundaryKind.REQUIRED, doing(main -> {
            insert(main, 1);
            assertThrows(IllegalStateException.class, () -> entry.enter(BoundaryKind.OTHER_DATABASE, doing(side -> {
                assertNotSame(main, side);
                assertSame(side, Session.current("other"));
                assertSame(main, Session.current());
                write(side, otherTable, 2);
                throw new IllegalStateException("the other database fails");
            })));
            assertFalse(main.isRollbackOnly(), "a failure on another database must not doom this unit");
            entry.enter(BoundaryKind.OTHER_DATABASE, doing(side -> write(side, otherTable, 3)));
            assertEquals(List.of(3), ids(otherUrl, otherTable), "the other database commits on its own");
        }));
        assertEquals(List.of(1), committedIds());
        assertEquals(List.of(3), ids(otherUrl, otherTable));
    }

    // ---------------------------------------------------------------- helpers

    private void insert(Session session, int id) throws Exception {
        write(session, table, id);
    }

    private int countRows(Session session) throws SQLException {
        try (Statement s = session.connection().createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The rows of the test table as an independent connection sees them: what is committed. */
    private List<Integer> committedIds() throws SQLException {
        return ids(url, table);
    }

    private List<Integer> committedIdsUnchecked() {
        try {
            return committedIds();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Integer> ids(String from, String of) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Connection c = target().connect(from); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select id from " + of + " order by id")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }

    /** Ends the unit's connection from the server's side, so that what follows on it fails. */
    private void kill(Session session) throws Exception {
        flush(session); // what was written is on the connection that dies
        target().kill(url, target().sessionId(session.connection()));
    }

    /**
     * Every connection of the {@code "default"} pool at once, outside any unit: whatever a unit left
     * on a connection, or a broken connection not evicted, is among them. The caller closes them.
     */
    private List<Connection> borrowWholePool() throws SQLException {
        List<Connection> all = new ArrayList<>();
        for (int i = 0; i < POOL_SIZE; i++) {
            all.add(db.dataSource().getConnection());
        }
        return all;
    }
}
