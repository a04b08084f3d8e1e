package org.unitofwork.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.RollbackException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.hibernate.SessionEventListener;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.unitofwork.Boundary;
import org.unitofwork.Database;
import org.unitofwork.GuardedConnectionException;
import org.unitofwork.NoActiveUnitException;
import org.unitofwork.Outcome;
import org.unitofwork.Propagation;
import org.unitofwork.Session;
import org.unitofwork.scenarios.TestDatabase;

/**
 * What the JPA session kind promises, observed in the database with real Hibernate: the unit's
 * entity manager commits and rolls back with the unit, flushes before the commit and before a nested
 * savepoint, forgets on a savepoint rollback, refuses to take the transaction over, borrows late and
 * ends with the unit. After every test no connection is borrowed and the thread holds no unit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EntityManagerKindContract {
    private Database db;
    private EntityManagerFactory emf;
    private String url;
    private String table;
    private Boundary nested;
    private Boundary requiresNew;
    private Boundary readOnly;
    private Boundary notSupported;

    protected abstract TestDatabase target();

    @BeforeAll
    void open() throws SQLException {
        target().assumeAvailable();
        url = target().newUrl();
        table = TestDatabase.uniqueName("uow_jpa");
        target().createTable(url, table);
        String name = TestDatabase.uniqueName("jpa");
        db = target().build(name, url, 3);
        emf = TestPersistence.rows(db, table);
        JpaSessions.register(db, emf);
        nested = Boundary.builder("Rows.nested").database(name).propagation(Propagation.NESTED).build();
        requiresNew = Boundary.builder("Rows.audit").database(name).propagation(Propagation.REQUIRES_NEW).build();
        readOnly = Boundary.builder("Rows.report").database(name).readOnly(true).build();
        notSupported = Boundary.builder("Rows.log").database(name).propagation(Propagation.NOT_SUPPORTED).build();
    }

    @AfterAll
    void close() throws SQLException {
        if (db != null) {
            emf.close();
            db.close();
            target().dropTable(url, table);
        }
    }

    @BeforeEach
    void emptyTable() throws SQLException {
        try (Connection c = target().connect(url); Statement s = c.createStatement()) {
            s.executeUpdate("delete from " + table);
        }
    }

    @AfterEach
    void nothingLeftBehind() {
        assertEquals(0, db.activeConnections(), "connections still borrowed");
        assertThrows(NoActiveUnitException.class, () -> Session.current(db.name()), "a unit is still registered");
    }

    @Test
    void returningCommitsThePersistedEntitiesAndClosesTheEntityManager() throws Exception {
        AtomicReference<EntityManager> used = new AtomicReference<>();
        db.run(session -> {
            EntityManager em = session.get(EntityManager.class);
            used.set(em);
            em.persist(new Row(1, "a"));
            em.persist(new Row(2, "b"));
            assertTrue(em.isOpen());
            assertEquals(List.of(), committedIds(), "nothing is committed before the unit ends");
        });
        assertEquals(List.of(1, 2), committedIds());
        assertFalse(used.get().isOpen(), "the entity manager ends with its unit");
        assertThrows(IllegalStateException.class, () -> used.get().find(Row.class, 1));
    }

    @Test
    void throwingRollsBackEvenWhatWasFlushedAndRethrowsTheSameException() {
        IOException thrown = new IOException("disk full");
        AtomicReference<EntityManager> used = new AtomicReference<>();
        IOException caught = assertThrows(IOException.class, () -> db.run(session -> {
            EntityManager em = session.get(EntityManager.class);
            used.set(em);
            em.persist(new Row(1, "flushed"));
            em.flush();
            em.persist(new Row(2, "pending"));
            throw thrown;
        }));
        assertSame(thrown, caught);
        assertEquals(0, caught.getSuppressed().length);
        assertEquals(List.of(), committedIdsUnchecked());
        assertFalse(used.get().isOpen());
    }

    @Test
    void aFailingFlushRollsTheUnitBackAndTheBoundaryThrowsHibernatesException() throws Exception {
        db.run(session -> session.get(EntityManager.class).persist(new Row(1, "committed before")));
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        PersistenceException e = assertThrows(PersistenceException.class, () -> db.run(session -> {
            session.afterCompletion(outcome::set);
            EntityManager em = session.get(EntityManager.class);
            em.persist(new Row(2, "fine"));
            em.persist(new Row(1, "the same key again"));
        }));
        assertInstanceOf(ConstraintViolationException.class, e);
        assertEquals(Outcome.ROLLED_BACK, outcome.get());
        assertEquals(List.of(1), committedIds(), "the row flushed before the failing one is rolled back too");
    }

    @Test
    void aPersistenceFailureCaughtInsideTheUnitMakesItRollBackLoudly() throws Exception {
        db.run(session -> session.get(EntityManager.class).persist(new Row(1, "committed before")));
        RollbackException e = assertThrows(RollbackException.class, () -> db.run(session -> {
            EntityManager em = session.get(EntityManager.class);
            em.persist(new Row(2, "fine"));
            em.persist(new Row(1, "the same key again"));
            try {
                em.flush();
                fail("the duplicate key must fail the flush");
            } catch (PersistenceException swallowed) {
                // the application carries on as if nothing happened
            }
        }));
        assertTrue(e.getMessage().contains("marked the transaction"), e.getMessage());
        assertTrue(e.getMessage().contains("NESTED"), e.getMessage());
        assertEquals(List.of(1), committedIds());
    }

    @Test
    void aNestedFailureRollsBackToItsSavepointAndClearsTheEntityManager() throws Exception {
        db.run(session -> {
            EntityManager em = session.get(EntityManager.class);
            Row first = new Row(1, "outer");
            em.persist(first);
            IllegalStateException nestedFailure = new IllegalStateException("nested fails");
            IllegalStateException caught = assertThrows(IllegalStateException.class, () -> nested.run(inner -> {
                assertSame(em, inner.get(EntityManager.class));
                assertEquals(List.of(1), ids(inner.connection()), "the outer work is flushed before the savepoint");
                em.persist(new Row(2, "nested, flushed"));
                em.flush();
                em.persist(new Row(3, "nested, pending"));
                throw nestedFailure;
            }));
            assertSame(nestedFailure, caught);
            assertFalse(session.isRollbackOnly());
            assertFalse(em.contains(first), "entities loaded before the nested boundary are detached");
            assertEquals(List.of(1), ids(session.connection()));
            assertEquals("outer", em.find(Row.class, 1).note(), "and load again");
            assertNull(em.find(Row.class, 3), "the nested scope's pending entity is forgotten");
            em.persist(new Row(4, "after"));
        });
        assertEquals(List.of(1, 4), committedIds());
    }

    @Test
    void aNestedPersistenceFailureLeavesTheOuterUnitAbleToCommit() throws Exception {
        db.run(session -> session.get(EntityManager.class).persist(new Row(1, "committed before")));
        db.run(session -> {
            EntityManager em = session.get(EntityManager.class);
            em.persist(new Row(2, "outer"));
            PersistenceException e = assertThrows(PersistenceException.class, () -> nested.run(inner -> {
                em.persist(new Row(1, "the same key again"));
                em.flush();
            }));
            assertInstanceOf(ConstraintViolationException.class, e);
            assertFalse(session.isRollbackOnly(), "a nested failure must not doom the outer unit");
            em.persist(new Row(3, "after"));
        });
        assertEquals(List.of(1, 2, 3), committedIds());
    }

    @Test
    void aNestedBoundaryThatReturnsKeepsItsWork() throws Exception {
        db.run(session -> {
            session.get(EntityManager.class).persist(new Row(1, "outer"));
            nested.run(inner -> inner.get(EntityManager.class).persist(new Row(2, "nested")));
        });
        assertEquals(List.of(1, 2), committedIds());
    }

    @Test
    void joinedBoundariesShareTheEntityManagerAndRequiresNewGetsItsOwnOnItsOwnConnection() throws Exception {
        IllegalStateException outerFailure = new IllegalStateException("outer fails");
        assertThrows(IllegalStateException.class, () -> db.run(outer -> {
            EntityManager em = outer.get(EntityManager.class);
            em.persist(new Row(1, "outer"));
            assertSame(em, db.call(joined -> joined.get(EntityManager.class)));
            requiresNew.run(inner -> {
                EntityManager own = inner.get(EntityManager.class);
                assertNotSame(em, own);
                assertNotEquals(sessionId(em), sessionId(own));
                own.persist(new Row(2, "on its own"));
            });
            assertEquals(List.of(2), committedIds(), "REQUIRES_NEW commits when it returns");
            assertTrue(em.isOpen());
            throw outerFailure;
        }));
        assertEquals(List.of(2), committedIds());
    }

    @Test
    void aReadOnlyUnitReadsOnAReadOnlyConnection() throws Exception {
        db.run(session -> session.get(EntityManager.class).persist(new Row(1, "committed before")));
        String note = readOnly.call(session -> {
            EntityManager em = session.get(EntityManager.class);
            assertTrue(em.unwrap(org.hibernate.Session.class).doReturningWork(Connection::isReadOnly));
            return em.find(Row.class, 1).note();
        });
        assertEquals("committed before", note);
        if (target() == TestDatabase.POSTGRES) {
            // PostgreSQL enforces read-only transactions: the unit's flush is refused and the unit rolls back
            assertThrows(PersistenceException.class, () -> readOnly.run(session ->
                    session.get(EntityManager.class).persist(new Row(2, "refused"))));
            assertEquals(List.of(1), committedIds());
        }
    }

    @Test
    void withoutATransactionFlushedWorkCommitsAsItRunsAndPendingWorkIsDropped() throws Exception {
        assertThrows(IllegalStateException.class, () -> notSupported.run(session -> {
            EntityManager em = session.get(EntityManager.class);
            em.persist(new Row(1, "flushed"));
            em.flush();
            assertEquals(List.of(1), committedIds());
            em.persist(new Row(2, "pending"));
            throw new IllegalStateException("fails");
        }));
        assertEquals(List.of(1), committedIds());
    }

    @Test
    void theEntityManagerBorrowsTheConnectionOnlyWhenItNeedsTheDatabase() throws Exception {
        db.run(session -> {
            EntityManager em = session.get(EntityManager.class);
            em.persist(new Row(1, "pending"));
            assertEquals(0, db.activeConnections(), "persisting an entity with its key sends nothing yet");
            em.flush();
            assertEquals(1, db.activeConnections());
        });
        db.run(session -> {
            session.get(EntityManager.class);
            assertEquals(0, db.activeConnections());
        });
        assertEquals(List.of(1), committedIds());
    }

    @Test
    void theTransactionIsTheUnitsAndClosingDoesNoHarm() throws Exception {
        db.run(session -> {
            EntityManager em = session.get(EntityManager.class);
            IllegalStateException e = assertThrows(IllegalStateException.class, em::getTransaction);
            assertTrue(e.getMessage().contains("the unit of work owns the transaction"), e.getMessage());
            org.hibernate.Session hibernate = em.unwrap(org.hibernate.Session.class);
            assertSame(em, hibernate, "Hibernate's API comes under the same rules");
            assertThrows(IllegalStateException.class, hibernate::beginTransaction);
            em.persist(new Row(1, "kept"));
            em.close();
            assertTrue(em.isOpen(), "the unit closes the entity manager when it ends");
            GuardedConnectionException commit = assertThrows(GuardedConnectionException.class,
                    () -> hibernate.doWork(Connection::commit));
            assertTrue(commit.getMessage().contains("commit() is not allowed"), commit.getMessage());
            assertThrows(GuardedConnectionException.class, () -> hibernate.doWork(Connection::rollback));
        });
        assertEquals(List.of(1), committedIds());
    }

    @Test
    void hibernatesCompletionCallbacksSeeTheUnitsOutcome() throws Exception {
        List<String> completions = new ArrayList<>();
        SessionEventListener listener = new SessionEventListener() {
            @Override
            public void transactionCompletion(boolean successful) {
                completions.add(successful ? "committed" : "rolled back");
            }
        };
        db.run(session -> {
            session.get(EntityManager.class).unwrap(org.hibernate.Session.class).addEventListeners(listener);
            session.get(EntityManager.class).persist(new Row(1, "a"));
        });
        assertThrows(IllegalStateException.class, () -> db.run(session -> {
            session.get(EntityManager.class).unwrap(org.hibernate.Session.class).addEventListeners(listener);
            throw new IllegalStateException("boom");
        }));
        assertEquals(List.of("committed", "rolled back"), completions);
    }

    private long sessionId(EntityManager em) {
        return em.unwrap(org.hibernate.Session.class).doReturningWork(target()::sessionId);
    }

    /** The ids in the table as {@code connection} sees them. */
    private List<Integer> ids(Connection connection) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select id from " + table + " order by id")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }

    /** What is committed, as an independent connection sees it. */
    private List<Integer> committedIds() throws SQLException {
        try (Connection c = target().connect(url)) {
            return ids(c);
        }
    }

    private List<Integer> committedIdsUnchecked() {
        try {
            return committedIds();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
