package org.unitofwork.jooq;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.unquotedName;
import static org.jooq.impl.DSL.table;
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
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.unitofwork.Boundary;
import org.unitofwork.Database;
import org.unitofwork.NoActiveUnitException;
import org.unitofwork.Outcome;
import org.unitofwork.Propagation;
import org.unitofwork.RollbackOnlyException;
import org.unitofwork.Session;
import org.unitofwork.scenarios.TestDatabase;

/** The {@code DSLContext} kind on a real database: what a unit's jOOQ work commits, rolls back and shares. */
abstract class DslContextContract {
    private Database db;
    private String url;
    private String tableName;
    private Table<Record> table;
    private final Field<Integer> id = field(unquotedName("id"), Integer.class);
    private final Field<String> note = field(unquotedName("note"), String.class);
    private Boundary unit;
    private Boundary joined;
    private Boundary nested;
    private Boundary requiresNew;

    /** The database this run uses. */
    abstract TestDatabase target();

    /** Its jOOQ dialect. */
    abstract SQLDialect dialect();

    @BeforeEach
    void open() throws SQLException {
        target().assumeAvailable();
        url = target().newUrl();
        tableName = TestDatabase.uniqueName("jooq");
        target().createTable(url, tableName);
        table = table(unquotedName(tableName));
        db = target().build(TestDatabase.uniqueName("jooq"), url, 3);
        JooqSessions.register(db, dialect());
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
            target().dropTable(url, tableName);
        }
    }

    private void insert(DSLContext dsl, int row) {
        dsl.insertInto(table, id, note).values(row, "note " + row).execute();
    }

    @Test
    void workCommitsWhenTheBoundaryReturns() throws Exception {
        unit.run(session -> {
            DSLContext dsl = session.get(DSLContext.class);
            insert(dsl, 1);
            insert(dsl, 2);
            assertEquals(List.of(), committedIds(), "nothing is visible to others before the commit");
        });
        assertEquals(List.of(1, 2), committedIds());
    }

    @Test
    void workRollsBackWhenTheBoundaryThrowsTheSameException() throws Exception {
        IOException thrown = new IOException("disk full");
        IOException e = assertThrows(IOException.class, () -> unit.run(session -> {
            insert(session.get(DSLContext.class), 1);
            throw thrown;
        }));
        assertSame(thrown, e);
        assertEquals(List.of(), committedIds());
    }

    @Test
    void joinedAndNestedBoundariesShareTheDslContextAndRequiresNewGetsItsOwn() throws Exception {
        AtomicReference<DSLContext> fresh = new AtomicReference<>();
        unit.run(session -> {
            DSLContext dsl = session.get(DSLContext.class);
            assertSame(dsl, joined.call(inner -> inner.get(DSLContext.class)));
            assertSame(dsl, nested.call(inner -> inner.get(DSLContext.class)));
            requiresNew.run(audit -> {
                fresh.set(audit.get(DSLContext.class));
                insert(fresh.get(), 2);
            });
            assertNotSame(dsl, fresh.get());
            insert(dsl, 1);
            session.setRollbackOnly();
        });
        assertEquals(List.of(2), committedIds(), "the REQUIRES_NEW unit committed on its own connection");
        assertThrows(NoActiveUnitException.class, () -> fresh.get().selectOne().fetch(),
                "a DSLContext is unusable once its unit has ended");
    }

    @Test
    void aFailedNestedBoundaryKeepsTheOuterRows() throws Exception {
        unit.run(session -> {
            DSLContext dsl = session.get(DSLContext.class);
            insert(dsl, 1);
            IllegalStateException thrown = new IllegalStateException("refused");
            assertSame(thrown, assertThrows(IllegalStateException.class, () -> nested.run(inner -> {
                insert(inner.get(DSLContext.class), 2);
                throw thrown;
            })));
            insert(dsl, 3);
        });
        assertEquals(List.of(1, 3), committedIds());
    }

    @Test
    void aTransactionBlockIsASavepointOfTheUnit() throws Exception {
        unit.run(session -> {
            DSLContext dsl = session.get(DSLContext.class);
            insert(dsl, 1);
            IllegalStateException thrown = new IllegalStateException("block fails");
            assertSame(thrown, assertThrows(IllegalStateException.class, () -> dsl.transaction(tx -> {
                insert(tx.dsl(), 2);
                throw thrown;
            })), "jOOQ re-throws the block's runtime exception as it is");
            dsl.transaction(tx -> {
                insert(tx.dsl(), 3);
                // a block inside a block: its own savepoint, undone alone
                assertThrows(IllegalStateException.class, () -> tx.dsl().transaction(inner -> {
                    insert(inner.dsl(), 4);
                    throw new IllegalStateException("inner block fails");
                }));
                insert(tx.dsl(), 5);
            });
            assertEquals(List.of(), committedIds(), "a block that returns commits with the unit, not before");
            assertEquals(List.of(1, 3, 5), dsl.select(id).from(table).orderBy(id).fetch(id));
        });
        assertEquals(List.of(1, 3, 5), committedIds());
    }

    @Test
    void aTransactionBlockThatReturnsIsRolledBackWithTheUnit() throws Exception {
        IllegalStateException thrown = new IllegalStateException("later work fails");
        assertSame(thrown, assertThrows(IllegalStateException.class, () -> unit.run(session -> {
            session.get(DSLContext.class).transaction(tx -> insert(tx.dsl(), 1));
            throw thrown;
        })));
        assertEquals(List.of(), committedIds());
    }

    @Test
    void aJoinedBoundaryFailingInsideATransactionBlockUndoesTheBlockOnly() throws Exception {
        unit.run(session -> {
            DSLContext dsl = session.get(DSLContext.class);
            insert(dsl, 1);
            RollbackOnlyException e = assertThrows(RollbackOnlyException.class, () -> dsl.transaction(tx -> {
                insert(tx.dsl(), 2);
                assertThrows(IllegalStateException.class, () -> joined.run(inner -> {
                    throw new IllegalStateException("inner refuses");
                }));
            }));
            assertTrue(e.getMessage().contains("Notes.inner"), e.getMessage());
            assertFalse(session.isRollbackOnly(), "the savepoint contained the failure");
        });
        assertEquals(List.of(1), committedIds());
    }

    @Test
    void hooksRegisteredInAFailedTransactionBlockAreDiscarded() throws Exception {
        List<String> ran = new ArrayList<>();
        unit.run(session -> {
            DSLContext dsl = session.get(DSLContext.class);
            assertThrows(IllegalStateException.class, () -> dsl.transaction(tx -> {
                session.afterCommit(() -> ran.add("failed block"));
                throw new IllegalStateException("block fails");
            }));
            dsl.transaction(tx -> session.afterCommit(() -> ran.add("kept block")));
        });
        assertEquals(List.of("kept block"), ran);
    }

    @Test
    void aTransactionBlockInAUnitWithoutATransactionIsRefused() throws Exception {
        Boundary noTransaction = Boundary.builder("Notes.report").database(db.name())
                .propagation(Propagation.NOT_SUPPORTED).build();
        noTransaction.run(session -> {
            DataAccessException e = assertThrows(DataAccessException.class,
                    () -> session.get(DSLContext.class).transaction(tx -> insert(tx.dsl(), 1)));
            assertTrue(e.getMessage().contains("runs without a transaction"), e.getMessage());
            assertTrue(e.getMessage().contains("propagation REQUIRED"), e.getMessage());
        });
        assertEquals(List.of(), committedIds());
    }

    @Test
    void aTransactionBlockOnASuspendedUnitsDslContextIsRefused() throws Exception {
        unit.run(session -> {
            DSLContext outer = session.get(DSLContext.class);
            requiresNew.run(audit -> {
                DataAccessException e = assertThrows(DataAccessException.class,
                        () -> outer.transaction(tx -> insert(tx.dsl(), 1)));
                assertTrue(e.getMessage().contains("use the active unit's DSLContext"), e.getMessage());
            });
        });
        assertEquals(List.of(), committedIds());
    }

    @Test
    void aReadOnlyUnitRefusesWritesButRunsReadsAndTransactionBlocks() throws Exception {
        Boundary readOnly = Boundary.builder("Notes.list").database(db.name()).readOnly(true).build();
        unit.run(session -> insert(session.get(DSLContext.class), 1));
        readOnly.run(session -> {
            DSLContext dsl = session.get(DSLContext.class);
            assertEquals(List.of(1), dsl.transactionResult(tx -> tx.dsl().select(id).from(table).fetch(id)));
            assertTrue(dsl.connectionResult(Connection::isReadOnly));
            if (target() != TestDatabase.H2) { // H2 takes a read-only connection as a hint and writes all the same
                assertThrows(DataAccessException.class, () -> insert(dsl, 2));
            }
        });
        assertEquals(List.of(1), committedIds());
    }

    @Test
    void aUnitBorrowsItsConnectionOnlyWhenAStatementRuns() throws Exception {
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        unit.run(session -> {
            session.afterCompletion(outcome::set);
            DSLContext dsl = session.get(DSLContext.class);
            assertTrue(dsl.insertInto(table, id, note).values(1, "x").getSQL().startsWith("insert"));
            assertEquals(0, db.activeConnections(), "building SQL borrows nothing");
            insert(dsl, 1);
            assertEquals(1, db.activeConnections());
        });
        assertEquals(Outcome.COMMITTED, outcome.get());
    }

    @Test
    void theGuardedConnectionStillRefusesACommitThroughJooq() throws Exception {
        unit.run(session -> {
            DSLContext dsl = session.get(DSLContext.class);
            insert(dsl, 1);
            RuntimeException e = assertThrows(RuntimeException.class, () -> dsl.connection(Connection::commit));
            assertTrue(e.getMessage().contains("commit() is not allowed"), e.toString());
            session.setRollbackOnly();
        });
        assertEquals(List.of(), committedIds());
    }

    /** The ids committed to the table, as a connection outside the pool sees them. */
    private List<Integer> committedIds() throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Connection c = target().connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select id from " + tableName + " order by id")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }
}
