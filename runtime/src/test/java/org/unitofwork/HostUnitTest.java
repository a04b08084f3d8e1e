package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unitofwork.scenarios.TestDatabase;
import org.unitofwork.spi.ConnectionHeld;
import org.unitofwork.spi.HostUnit;
import org.unitofwork.spi.UnitEnded;
import org.unitofwork.spi.UnitObserver;

/**
 * A host runs the units of other code on savepoints of its connection and rolls all of them back:
 * what the code commits is seen inside the host and by nobody else, and is gone when the host ends,
 * whatever propagation opened it — including work that production would commit on a connection of its
 * own (REQUIRES_NEW, NOT_SUPPORTED, a hook's unit after commit).
 */
class HostUnitTest {
    private TestDatabase database;
    private String url;
    private String table;
    private Database db;

    private void open(TestDatabase on, int poolSize) throws SQLException {
        on.assumeAvailable();
        database = on;
        url = on.newUrl();
        table = TestDatabase.uniqueName("host");
        on.createTable(url, table);
        db = on.build(TestDatabase.uniqueName("hostdb"), url, poolSize);
    }

    @AfterEach
    void close() throws SQLException {
        if (db != null) {
            db.close();
            database.dropTable(url, table);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void whatEveryPropagationCommitsIsSeenInsideTheHostAndGoneAfterIt(TestDatabase on) throws Exception {
        open(on, 3);
        List<Outcome> heard = new ArrayList<>();
        db.addObserver(unit -> heard.add(unit.outcome()));
        HostUnit host = HostUnit.open(db, "HostUnitTest.everyPropagation");
        Boundary requiresNew = boundary("Audit.record", Propagation.REQUIRES_NEW);
        Boundary notSupported = boundary("Report.export", Propagation.NOT_SUPPORTED);
        Boundary never = boundary("Cache.warm", Propagation.NEVER);
        Boundary nested = boundary("Order.line", Propagation.NESTED);
        List<String> hooksRan = new ArrayList<>();
        db.run(session -> {
            assertNotSame(host.session(), session, "a unit of its own, not the host's session");
            Rows.insert(session, table, 1);
            requiresNew.run(inner -> Rows.insert(inner, table, 2));
            session.afterCommit(() -> {
                hooksRan.add("afterCommit");
                insertInAUnit(3);
            });
        });
        assertEquals(List.of("afterCommit"), hooksRan, "a hosted unit's hooks run when it ends, as in production");
        notSupported.run(session -> Rows.insert(session, table, 4));
        never.run(session -> Rows.insert(session, table, 5));
        nested.run(session -> Rows.insert(session, table, 6));
        Rows.insert(host.session(), table, 7);

        assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7), ids(host.session()), "each unit sees what the earlier ones did");
        assertEquals(Set.of(), Rows.ids(database, url, table), "nothing is committed for anyone else");
        assertEquals(1, db.activeConnections(), "every unit ran on the host's one connection");

        assertEquals(List.of(), host.end());
        assertEquals(Set.of(), Rows.ids(database, url, table), "all of it is rolled back");
        assertEquals(0, db.activeConnections());
        assertThrows(NoActiveUnitException.class, () -> Session.current(db.name()));
        assertEquals(List.of(Outcome.COMMITTED, Outcome.COMMITTED, Outcome.COMMITTED, Outcome.COMMITTED,
                Outcome.COMMITTED, Outcome.COMMITTED, Outcome.ROLLED_BACK), heard,
                "observers hear the hosted units commit, then the host roll back");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aUnitThatFailsRollsBackToItsSavepointAndTheNextUnitStillCommits(TestDatabase on) throws Exception {
        open(on, 2);
        HostUnit host = HostUnit.open(db, "HostUnitTest.failingUnit");
        IllegalStateException refused = new IllegalStateException("refused");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> db.run(session -> {
            Rows.insert(session, table, 1);
            throw refused;
        }));
        assertSame(refused, thrown);
        // a failed statement aborts PostgreSQL's whole transaction: only its savepoint brings the host back
        assertThrows(SQLException.class, () -> db.run(session -> {
            Rows.insert(session, table, 2);
            Rows.insert(session, table, 2);
        }));
        assertThrows(SQLException.class, () -> boundary("Report.export", Propagation.NOT_SUPPORTED)
                .run(session -> {
                    Rows.insert(session, table, 3);
                    Rows.insert(session, table, 3);
                }));
        db.run(session -> Rows.insert(session, table, 4));
        Set<Integer> expected = on == TestDatabase.POSTGRES ? Set.of(4) : Set.of(3, 4);
        assertEquals(expected, ids(host.session()), "without a transaction, a statement stays unless the database"
                + " aborted the transaction (PostgreSQL)");
        assertEquals(List.of(), host.end());
        assertEquals(Set.of(), Rows.ids(database, url, table));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void mandatoryAndSupportsJoinTheHost(TestDatabase on) throws Exception {
        open(on, 2);
        HostUnit host = HostUnit.open(db, "HostUnitTest.joins");
        boundary("Dao.save", Propagation.MANDATORY).run(session -> {
            assertSame(host.session(), session);
            Rows.insert(session, table, 1);
        });
        boundary("Dao.find", Propagation.SUPPORTS).run(session -> assertSame(host.session(), session));
        assertEquals(List.of(), host.end());
        assertEquals(Set.of(), Rows.ids(database, url, table));
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = "H2")
    void requiresNewFailsFastWhereProductionWouldRunOutOfConnections(TestDatabase on) throws Exception {
        open(on, 2);
        HostUnit host = HostUnit.open(db, "HostUnitTest.selfDeadlock");
        Boundary audit = boundary("Audit.record", Propagation.REQUIRES_NEW);
        Boundary archive = boundary("Audit.archive", Propagation.REQUIRES_NEW);
        ConnectionUnavailableException e = assertThrows(ConnectionUnavailableException.class,
                () -> db.run(outer -> {
                    Rows.insert(outer, table, 1);
                    audit.run(inner -> {
                        Rows.insert(inner, table, 2);
                        archive.run(innermost -> Rows.insert(innermost, table, 3));
                    });
                }));
        assertTrue(e.getMessage().contains("Audit.archive") && e.getMessage().contains("already holds all 2"),
                e.getMessage());
        assertEquals(List.of(), host.end());
        assertEquals(Set.of(), Rows.ids(database, url, table));
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void aUnitLeftOpenIsNamedAndRolledBackWithTheHost(TestDatabase on) throws Exception {
        open(on, 2);
        HostUnit host = HostUnit.open(db, "HostUnitTest.leak");
        Scope leaked = boundary("Job.start", Propagation.REQUIRES_NEW).begin();
        Rows.insert(leaked.session(), table, 1);
        List<String> left = host.end();
        assertEquals(1, left.size(), left.toString());
        assertTrue(left.get(0).contains("The unit that boundary Job.start opened on database '" + db.name() + "' on thread '"
                + Thread.currentThread().getName() + "'") && left.get(0).contains("never ended"), left.get(0));
        assertEquals(Set.of(), Rows.ids(database, url, table));
        assertEquals(0, db.activeConnections());
        db.run(session -> Rows.insert(session, table, 2));
        assertEquals(Set.of(2), Rows.ids(database, url, table), "after the host, units commit for real again");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = "H2")
    void aHostCannotOpenInsideAUnit(TestDatabase on) throws Exception {
        open(on, 2);
        PropagationException e = assertThrows(PropagationException.class,
                () -> db.run(session -> HostUnit.open(db, "HostUnitTest.inside")));
        assertTrue(e.getMessage().contains("the unit that Database.run or Database.call opened on database '" + db.name()
                + "'"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = "H2")
    void observersHearTheHostedUnitsAsUnits(TestDatabase on) throws Exception {
        open(on, 2);
        List<UnitEnded> heard = new ArrayList<>();
        db.addObserver(heard::add);
        HostUnit host = HostUnit.open(db, "HostUnitTest.observed");
        boundary("Audit.record", Propagation.REQUIRES_NEW).run(session -> Rows.insert(session, table, 1));
        host.end();
        assertEquals("Audit.record", heard.get(0).boundary());
        assertEquals(1, heard.get(0).statements());
        assertEquals("HostUnitTest.observed", heard.get(1).boundary());
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = "H2")
    void theHostHoldsItsConnectionWithoutABudgetWhileTheUnitsItRunsKeepTheirs(TestDatabase on) throws Exception {
        on.assumeAvailable();
        database = on;
        url = on.newUrl();
        table = TestDatabase.uniqueName("host");
        on.createTable(url, table);
        db = on.builder(url).name(TestDatabase.uniqueName("hostdb")).connectionHoldBudget(Duration.ofMillis(50)).build();
        List<String> held = new ArrayList<>();
        db.addObserver(new UnitObserver() {
            @Override
            public void unitEnded(UnitEnded unit) {
            }

            @Override
            public void connectionHeldTooLong(ConnectionHeld report) {
                held.add(report.boundary());
            }
        });
        HostUnit host = HostUnit.open(db, "HostUnitTest.budget");
        Rows.insert(host.session(), table, 1);
        boundary("Report.export", Propagation.REQUIRED).run(session -> {
            Rows.insert(session, table, 2);
            Thread.sleep(100);
        });
        Thread.sleep(100);
        host.end();
        assertEquals(List.of("Report.export"), held, "the code's unit is held to its budget, as in production; the"
                + " test's own unit, which holds the connection for the whole test, is not");
    }

    /** What a hook does after its unit committed: a unit of its own. */
    private void insertInAUnit(int id) {
        try {
            db.run(session -> Rows.insert(session, table, id));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Boundary boundary(String name, Propagation propagation) {
        return Boundary.builder(name).database(db.name()).propagation(propagation).build();
    }

    private Set<Integer> ids(Session session) throws SQLException {
        Set<Integer> ids = new HashSet<>();
        try (Statement s = session.connection().createStatement();
                var rs = s.executeQuery("select id from " + table)) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }
}
