package org.unitofwork.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.unitofwork.Boundary;
import org.unitofwork.Database;
import org.unitofwork.GuardedConnectionException;
import org.unitofwork.NoActiveUnitException;
import org.unitofwork.Propagation;
import org.unitofwork.Session;
import org.unitofwork.scenarios.TestDatabase;

/** The {@code Handle} kind on a real database: what a unit's JDBI work commits, rolls back and shares. */
abstract class HandleContract {
    private Database db;
    private Jdbi jdbi;
    private String url;
    private String table;
    private Boundary unit;
    private Boundary joined;
    private Boundary nested;
    private Boundary requiresNew;

    /** The database this run uses. */
    abstract TestDatabase target();

    /** A note as the application maps it, through a mapper registered on its Jdbi. */
    record Note(int id, String text) {
    }

    @BeforeEach
    void open() throws SQLException {
        target().assumeAvailable();
        url = target().newUrl();
        table = TestDatabase.uniqueName("jdbi");
        target().createTable(url, table);
        db = target().build(TestDatabase.uniqueName("jdbi"), url, 3);
        jdbi = Jdbi.create(db.dataSource());
        JdbiSessions.register(db, jdbi);
        jdbi.registerRowMapper(Note.class, (rs, ctx) -> new Note(rs.getInt("id"), rs.getString("note")));
        unit = Boundary.builder("Notes.write").database(db.name()).build();
        joined = Boundary.builder("Notes.inner").database(db.name()).build();
        nested = Boundary.builder("Notes.nested").database(db.name()).propagation(Propagation.NESTED).build();
        requiresNew = Boundary.builder("Notes.audit").database(db.name()).propagation(Propagation.REQUIRES_NEW).build();
    }

    @AfterEach
    void nothingLeftBehind() throws SQLException {
        if (db == null) {
            return; // skipped: the server is absent
        }
        try {
            assertEquals(0, db.activeConnections(), "connections still borrowed");
            assertThrows(NoActiveUnitException.class, () -> Session.current(db.name()), "a unit is still registered");
        } finally {
            db.close();
            target().dropTable(url, table);
        }
    }

    private void insert(Handle handle, int row) {
        handle.execute("insert into " + table + " (id, note) values (?, ?)", row, "note " + row);
    }

    @Test
    void workCommitsWhenTheBoundaryReturnsAndTheHandleIsClosed() throws Exception {
        AtomicReference<Handle> used = new AtomicReference<>();
        unit.run(session -> {
            Handle handle = session.get(Handle.class);
            used.set(handle);
            insert(handle, 1);
            insert(handle, 2);
            assertEquals(List.of(), committedIds(), "nothing is visible to others before the commit");
        });
        assertEquals(List.of(1, 2), committedIds());
        assertTrue(used.get().isClosed(), "the unit closes its handle");
    }

    @Test
    void workRollsBackWhenTheBoundaryThrowsTheSameException() throws Exception {
        IOException thrown = new IOException("disk full");
        IOException e = assertThrows(IOException.class, () -> unit.run(session -> {
            insert(session.get(Handle.class), 1);
            throw thrown;
        }));
        assertSame(thrown, e);
        assertEquals(List.of(), committedIds());
    }

    @Test
    void joinedAndNestedBoundariesShareTheHandleAndRequiresNewGetsItsOwn() throws Exception {
        unit.run(session -> {
            Handle handle = session.get(Handle.class);
            assertSame(handle, joined.call(inner -> inner.get(Handle.class)));
            assertSame(handle, nested.call(inner -> inner.get(Handle.class)));
            Handle fresh = requiresNew.call(audit -> {
                Handle own = audit.get(Handle.class);
                insert(own, 2);
                return own;
            });
            assertNotSame(handle, fresh);
            assertTrue(fresh.isClosed(), "closed when its unit ended");
            assertFalse(handle.isClosed());
            insert(handle, 1);
            session.setRollbackOnly();
        });
        assertEquals(List.of(2), committedIds(), "the REQUIRES_NEW unit committed on its own connection");
    }

    @Test
    void aFailedNestedBoundaryKeepsTheOuterRows() throws Exception {
        unit.run(session -> {
            Handle handle = session.get(Handle.class);
            insert(handle, 1);
            IllegalStateException thrown = new IllegalStateException("refused");
            assertSame(thrown, assertThrows(IllegalStateException.class, () -> nested.run(inner -> {
                insert(inner.get(Handle.class), 2);
                throw thrown;
            })));
            insert(handle, 3);
        });
        assertEquals(List.of(1, 3), committedIds());
    }

    @Test
    void inTransactionAndUseTransactionJoinTheUnit() throws Exception {
        unit.run(session -> {
            Handle handle = session.get(Handle.class);
            assertTrue(handle.isInTransaction(), "the handle is in the unit's transaction");
            int inserted = handle.inTransaction(h -> h.execute("insert into " + table + " values (1, 'a')"));
            assertEquals(1, inserted);
            handle.useTransaction(h -> insert(h, 2));
            assertEquals(List.of(), committedIds(), "a joined block does not commit on its own");
        });
        assertEquals(List.of(1, 2), committedIds());
    }

    @Test
    void aFailingUseTransactionBlockRollsTheUnitBackWithItsOwnException() throws Exception {
        IllegalStateException thrown = new IllegalStateException("block fails");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> unit.run(session -> {
            Handle handle = session.get(Handle.class);
            insert(handle, 1);
            handle.useTransaction(h -> {
                insert(h, 2);
                throw thrown;
            });
        }));
        assertSame(thrown, e);
        assertEquals(List.of(), committedIds());
    }

    @Test
    void theHandlesOwnCommitAndRollbackAreRefusedAndNameTheUnit() throws Exception {
        unit.run(session -> {
            Handle handle = session.get(Handle.class);
            insert(handle, 1);
            GuardedConnectionException commit = assertThrows(GuardedConnectionException.class, handle::commit);
            assertTrue(commit.getMessage().startsWith("commit() is not allowed on the connection of the unit that"
                    + " boundary Notes.write opened on database '" + db.name() + "' on thread '"), commit.getMessage());
            GuardedConnectionException rollback = assertThrows(GuardedConnectionException.class, handle::rollback);
            assertTrue(rollback.getMessage().startsWith("rollback() is not allowed"), rollback.getMessage());
            insert(handle, 2);
        });
        assertEquals(List.of(1, 2), committedIds(), "the unit is still whole and commits");
    }

    @Test
    void aTransactionBlockInAUnitWithoutATransactionIsRefusedAndTheHandleStillClosesCleanly() throws Exception {
        Boundary noTransaction = Boundary.builder("Notes.report").database(db.name())
                .propagation(Propagation.NOT_SUPPORTED).build();
        IllegalStateException thrown = new IllegalStateException("report fails afterwards");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> noTransaction.run(session -> {
            Handle handle = session.get(Handle.class);
            assertFalse(handle.isInTransaction());
            GuardedConnectionException refused = assertThrows(GuardedConnectionException.class,
                    () -> handle.useTransaction(h -> insert(h, 1)));
            assertTrue(refused.getMessage().contains("runs without a transaction"), refused.getMessage());
            insert(handle, 2); // auto-commit, as the propagation asks
            throw thrown;
        }));
        assertSame(thrown, e);
        assertEquals(0, e.getSuppressed().length, "closing the handle failed: " + List.of(e.getSuppressed()));
        assertEquals(List.of(2), committedIds());
    }

    @Test
    void theRegisteredJdbisConfigurationApplies() throws Exception {
        List<Note> notes = db.call(session -> {
            Handle handle = session.get(Handle.class);
            insert(handle, 7);
            return handle.createQuery("select id, note from " + table).mapTo(Note.class).list();
        });
        assertEquals(List.of(new Note(7, "note 7")), notes);
    }

    @Test
    void handlesTheJdbiOpensInsideAUnitJoinItToo() throws Exception {
        IllegalStateException thrown = new IllegalStateException("later work fails");
        assertSame(thrown, assertThrows(IllegalStateException.class, () -> unit.run(session -> {
            jdbi.useHandle(h -> insert(h, 1));
            jdbi.useTransaction(h -> insert(h, 2));
            assertEquals(2, session.get(Handle.class).select("select count(*) from " + table).mapTo(Integer.class).one());
            throw thrown;
        })));
        assertEquals(List.of(), committedIds());
    }

    @Test
    void aReadOnlyUnitGivesAReadOnlyHandle() throws Exception {
        Boundary readOnly = Boundary.builder("Notes.list").database(db.name()).readOnly(true).build();
        unit.run(session -> insert(session.get(Handle.class), 1));
        readOnly.run(session -> {
            Handle handle = session.get(Handle.class);
            assertTrue(handle.isReadOnly());
            assertEquals(List.of(1), handle.inTransaction(h -> h.select("select id from " + table).mapTo(Integer.class).list()));
            if (target() != TestDatabase.H2) { // H2 takes a read-only connection as a hint and writes all the same
                assertThrows(UnableToExecuteStatementException.class, () -> insert(handle, 2));
            }
        });
        assertEquals(List.of(1), committedIds());
    }

    @Test
    void aHandleAskedOfASuspendedUnitIsRefused() throws Exception {
        unit.run(outer -> requiresNew.run(inner -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> outer.get(Handle.class));
            assertTrue(e.getMessage().contains("ask the active unit's session"), e.getMessage());
        }));
    }

    @Test
    void aJdbiOnAConnectionOfItsOwnIsRefusedWithWhatToDo() throws Exception {
        try (Database other = target().build(TestDatabase.uniqueName("jdbi"), url, 1)) {
            JdbiSessions.register(other, Jdbi.create(db.dataSource()));
            Boundary onOther = Boundary.builder("Notes.elsewhere").database(other.name()).build();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> onOther.run(session -> {
                session.get(Handle.class);
            }));
            assertTrue(e.getMessage().contains("create it with Jdbi.create(database.dataSource())"), e.getMessage());
            assertEquals(0, other.activeConnections());
        }
    }

    /** The ids committed to the table, as a connection outside the pool sees them. */
    private List<Integer> committedIds() throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Connection c = target().connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select id from " + table + " order by id")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }
}
