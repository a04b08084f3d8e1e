package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.unitofwork.spi.SessionKind;

/**
 * A registered session kind gets its resource opened once per unit, flushed before the commit and
 * before a nested savepoint, told about savepoint rollbacks and closed before the connection goes
 * back to the pool. The kind here is a write-behind ledger, as an ORM's persistence context is.
 */
class SessionKindTest {
    private Database db;
    private LedgerKind kind;

    @BeforeEach
    void open() throws Exception {
        db = Database.builder("jdbc:h2:mem:kinds;DB_CLOSE_DELAY=-1").name("kinds").build();
        kind = new LedgerKind(db);
        db.register(kind);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("create table entries (entry varchar(20))");
        }
    }

    @AfterEach
    void close() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table entries");
        }
        db.close();
    }

    private final Boundary unit = Boundary.builder("Ledger.post").database("kinds").build();
    private final Boundary joined = Boundary.builder("Ledger.inner").database("kinds").build();
    private final Boundary nested = Boundary.builder("Ledger.nested").database("kinds")
            .propagation(Propagation.NESTED).build();
    private final Boundary requiresNew = Boundary.builder("Ledger.audit").database("kinds")
            .propagation(Propagation.REQUIRES_NEW).build();

    @Test
    void oneResourcePerUnitSharedByJoinedAndNestedBoundariesButNotByANewUnit() throws Exception {
        unit.run(session -> {
            Ledger ledger = session.get(Ledger.class);
            assertSame(ledger, session.get(Ledger.class));
            assertSame(ledger, joined.call(inner -> inner.get(Ledger.class)));
            assertSame(ledger, nested.call(inner -> inner.get(Ledger.class)));
            assertSame(ledger, Session.current("kinds").get(Ledger.class));
            Ledger other = requiresNew.call(fresh -> fresh.get(Ledger.class));
            assertNotSame(ledger, other);
            assertTrue(other.closed, "the new unit's ledger is closed when that unit ends");
        });
        assertEquals(2, kind.opened);
    }

    @Test
    void pendingWorkIsFlushedBeforeTheCommitAndClosedWhileTheConnectionIsStillHeld() throws Exception {
        unit.run(session -> {
            session.get(Ledger.class).add("a");
            joined.run(inner -> inner.get(Ledger.class).add("b"));
            assertEquals(List.of(), kind.events, "nothing is flushed before the unit ends");
        });
        assertEquals(List.of("a", "b"), entries());
        assertEquals(List.of("flush [a, b]", "close COMMITTED with 1 connection(s) borrowed"), kind.events);
        assertEquals(0, db.activeConnections());
    }

    @Test
    void aFailingFlushRollsTheUnitBackAndIsThrownAsItself() throws Exception {
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> unit.run(session -> {
            session.afterCompletion(outcome::set);
            session.get(Ledger.class).add("fine");
            session.get(Ledger.class).add("refused");
        }));
        assertSame(kind.lastFlushFailure, e);
        assertEquals(List.of(), entries(), "the entry flushed before the refused one is rolled back too");
        assertEquals(Outcome.ROLLED_BACK, outcome.get());
        assertEquals(List.of("flush [fine, refused]", "close ROLLED_BACK with 1 connection(s) borrowed"), kind.events);
        assertEquals(0, db.activeConnections());
    }

    @Test
    void workThatThrowsIsNeverFlushed() {
        IOException thrown = new IOException("disk full");
        IOException e = assertThrows(IOException.class, () -> unit.run(session -> {
            session.get(Ledger.class).add("a");
            throw thrown;
        }));
        assertSame(thrown, e);
        assertEquals(List.of("close ROLLED_BACK with 1 connection(s) borrowed"), kind.events);
    }

    @Test
    void anExceptionThatCommitsIsFlushedFirst() throws Exception {
        Boundary tolerant = Boundary.builder("Ledger.tolerant").database("kinds")
                .noRollbackFor(IllegalArgumentException.class).build();
        assertThrows(IllegalArgumentException.class, () -> tolerant.run(session -> {
            session.get(Ledger.class).add("kept");
            throw new IllegalArgumentException("reported, but the work stands");
        }));
        assertEquals(List.of("kept"), entries());
    }

    @Test
    void aNestedBoundaryGetsTheOuterWorkFlushedBeforeItsSavepointAndItsOwnDroppedOnRollback() throws Exception {
        unit.run(session -> {
            Ledger ledger = session.get(Ledger.class);
            ledger.add("before");
            assertThrows(IllegalStateException.class, () -> nested.run(inner -> {
                assertEquals(List.of("before"), entries(inner.connection()), "flushed before the savepoint");
                ledger.add("inside, flushed");
                ledger.flushNow(kind);
                ledger.add("inside, pending");
                throw new IllegalStateException("nested work fails");
            }));
            assertEquals(List.of(), ledger.pending, "the nested scope's pending entry is forgotten");
            ledger.add("after");
        });
        assertEquals(List.of("before", "after"), entries());
        assertTrue(kind.events.contains("rolled back to savepoint"), kind.events.toString());
    }

    @Test
    void aNestedBoundaryThatReturnsFlushesItsWorkSoThatAFailureStaysItsOwn() throws Exception {
        unit.run(session -> {
            Ledger ledger = session.get(Ledger.class);
            ledger.add("outer");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> nested.run(inner -> ledger.add("refused")));
            assertSame(kind.lastFlushFailure, e, "the nested boundary throws its own flush failure");
            assertEquals(List.of(), ledger.pending, "the refused entry is forgotten with the savepoint");
            ledger.add("after");
        });
        assertEquals(List.of("outer", "after"), entries());
    }

    @Test
    void aFailingFlushBeforeASavepointFailsTheNestedBoundaryAndNamesIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> unit.run(session -> {
            session.get(Ledger.class).add("refused");
            nested.run(inner -> { });
        }));
        assertSame(kind.lastFlushFailure, e);
        assertTrue(e.getSuppressed()[0].getMessage().startsWith("The flush ran because nested boundary Ledger.nested"
                + " was about to set its savepoint in the unit that boundary Ledger.post opened on database 'kinds' on"
                + " thread '"), e.getSuppressed()[0].getMessage());
        assertEquals(0, db.activeConnections());
    }

    @Test
    void aTypeWithoutAKindIsRefusedWithWhatToDo() throws Exception {
        DatabaseConfigurationException e = assertThrows(DatabaseConfigurationException.class,
                () -> unit.run(session -> session.get(StringBuilder.class)));
        assertTrue(e.getMessage().startsWith("The unit that boundary Ledger.post opened on database 'kinds' on thread '"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("asked for a java.lang.StringBuilder, but database 'kinds' has no session"
                + " kind for that type (it has org.unitofwork.SessionKindTest$Ledger). Register one with"
                + " Database.register, for example through an integration module such as unitofwork-jpa,"
                + " unitofwork-jooq or unitofwork-jdbi."), e.getMessage());
    }

    @Test
    void aSecondKindOfTheSameTypeIsRefused() {
        DatabaseConfigurationException e = assertThrows(DatabaseConfigurationException.class,
                () -> db.register(new LedgerKind(db)));
        assertTrue(e.getMessage().startsWith("Database 'kinds' already has a session kind for"
                + " org.unitofwork.SessionKindTest$Ledger"), e.getMessage());
    }

    @Test
    void aCheckedFailureToOpenIsWrappedAndNamesTheUnit() {
        kind.refuseToOpen = true;
        UnitOfWorkException e = assertThrows(UnitOfWorkException.class,
                () -> unit.run(session -> session.get(Ledger.class)));
        assertTrue(e.getMessage().startsWith("The unit that boundary Ledger.post opened on database 'kinds' on thread '"),
                e.getMessage());
        assertTrue(e.getMessage().contains("could not open its org.unitofwork.SessionKindTest$Ledger:"
                + " java.sql.SQLException: no ledger today"), e.getMessage());
        assertEquals(0, db.activeConnections());
    }

    @Test
    void aFailingCloseAfterACommitLeavesTheCommitStanding() throws Exception {
        kind.failOnClose = true;
        unit.run(session -> session.get(Ledger.class).add("stands"));
        assertEquals(List.of("stands"), entries());
        assertEquals(0, db.activeConnections());
    }

    @Test
    void aFailingCloseAfterAFailureIsSuppressedOnIt() {
        kind.failOnClose = true;
        IllegalStateException thrown = new IllegalStateException("work failed");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> unit.run(session -> {
            session.get(Ledger.class);
            throw thrown;
        }));
        assertSame(thrown, e);
        assertEquals("ledger refuses to close", e.getSuppressed()[0].getMessage());
    }

    @Test
    void theResourceIsConfinedToTheUnitsThread() throws Exception {
        unit.run(session -> {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> CompletableFuture.supplyAsync(() -> session.get(Ledger.class)).get());
            assertTrue(e.getCause() instanceof WrongThreadException, e.getCause().toString());
        });
    }

    private List<String> entries() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return entries(c);
        }
    }

    private static List<String> entries(Connection c) throws SQLException {
        List<String> entries = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select entry from entries")) {
            while (rs.next()) {
                entries.add(rs.getString(1));
            }
        }
        return entries;
    }

    /** Entries written to the database only when the unit flushes: a persistence context in miniature. */
    static final class Ledger {
        final Connection connection;
        final List<String> pending = new ArrayList<>();
        boolean closed;

        Ledger(Connection connection) {
            this.connection = connection;
        }

        void add(String entry) {
            pending.add(entry);
        }

        void flushNow(LedgerKind kind) throws SQLException {
            kind.flush(this);
        }
    }

    static final class LedgerKind implements SessionKind<Ledger> {
        private final Database db;
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        int opened;
        boolean refuseToOpen;
        boolean failOnClose;
        IllegalStateException lastFlushFailure;

        LedgerKind(Database db) {
            this.db = db;
        }

        @Override
        public Class<Ledger> type() {
            return Ledger.class;
        }

        @Override
        public Ledger open(Session session) throws SQLException {
            if (refuseToOpen) {
                throw new SQLException("no ledger today");
            }
            opened++;
            return new Ledger(session.connection());
        }

        @Override
        public void flush(Ledger ledger) throws SQLException {
            if (ledger.pending.isEmpty()) {
                return;
            }
            events.add("flush " + ledger.pending);
            try (PreparedStatement insert = ledger.connection.prepareStatement("insert into entries values (?)")) {
                for (String entry : ledger.pending) {
                    if (entry.equals("refused")) {
                        lastFlushFailure = new IllegalStateException("entry refused");
                        throw lastFlushFailure;
                    }
                    insert.setString(1, entry);
                    insert.executeUpdate();
                }
            }
            ledger.pending.clear();
        }

        @Override
        public void rolledBackToSavepoint(Ledger ledger) {
            events.add("rolled back to savepoint");
            ledger.pending.clear();
        }

        @Override
        public void close(Ledger ledger, Outcome outcome) {
            ledger.closed = true;
            events.add("close " + outcome + " with " + db.activeConnections() + " connection(s) borrowed");
            if (failOnClose) {
                throw new IllegalStateException("ledger refuses to close");
            }
        }
    }
}
