package org.unitofwork.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.unitofwork.Boundary;
import org.unitofwork.Database;
import org.unitofwork.Propagation;
import org.unitofwork.Session;
import org.unitofwork.scenarios.TestDatabase;

/**
 * {@link UnitOfWorkTest} on H2, PostgreSQL and MariaDB: test classes that use it (the nested fixtures)
 * run through the JUnit Platform, then an independent connection checks what they left in the database
 * — nothing, whatever propagation wrote it — and the platform's summary says which of them failed, and why.
 */
class UnitOfWorkTestTest {
    static final String DATABASE = "unitofwork-test-fixture";
    /** The fixtures' table, and what they saw: set by the test that runs them. */
    static volatile String table;
    static final List<String> seen = new ArrayList<>();

    private TestDatabase on;
    private String url;
    private Database db;

    private void open(TestDatabase database, int poolSize) throws SQLException {
        database.assumeAvailable();
        on = database;
        url = database.newUrl();
        table = TestDatabase.uniqueName("uowtest");
        database.createTable(url, table);
        db = database.build(DATABASE, url, poolSize);
        synchronized (seen) {
            seen.clear();
        }
    }

    @AfterEach
    void close() throws SQLException {
        if (db != null) {
            db.close();
            on.dropTable(url, table);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void nothingATestWritesOutlivesIt(TestDatabase database) throws Exception {
        open(database, 2);
        TestExecutionSummary summary = run(Writes.class, Map.of());
        assertEquals(List.of(), failures(summary));
        assertEquals(2, summary.getTestsSucceededCount());
        assertEquals(List.of("[0, 1, 2, 3, 4, 5]", "0"), seen, "the first test saw everything it wrote, the second"
                + " only its own fixture row: nothing of the first was left");
        assertEquals(Set.of(), ids(), "nothing reached the database: REQUIRES_NEW, NOT_SUPPORTED and the hook's"
                + " unit included");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void testsRunInParallelDoNotSeeEachOthersRows(TestDatabase database) throws Exception {
        open(database, Parallel.TESTS);
        TestExecutionSummary summary = run(Parallel.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", String.valueOf(Parallel.TESTS)));
        assertEquals(List.of(), failures(summary));
        assertEquals(Parallel.TESTS, summary.getTestsSucceededCount());
        assertEquals(List.of("1", "2", "3", "4"), sortedSeen(), "each test saw only its own row, while all four"
                + " had written theirs");
        assertEquals(Set.of(), ids());
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void aUnitLeftOpenFailsTheTestAndIsNamed(TestDatabase database) throws Exception {
        open(database, 2);
        String failure = onlyFailure(LeavesAUnitOpen.class);
        assertTrue(failure.contains("LeavesAUnitOpen.startsAJob() left something behind. The unit that boundary"
                + " Job.start opened on database '" + DATABASE + "' on thread '") && failure.contains("never ended"),
                failure);
        assertEquals(Set.of(), ids());
        assertEquals(0, db.activeConnections());
    }

    @Test
    void aConnectionStillBorrowedFailsTheTest() throws Exception {
        open(TestDatabase.H2, 2);
        String failure;
        try {
            failure = onlyFailure(KeepsAConnection.class);
        } finally {
            KeepsAConnection.kept.close();
        }
        assertTrue(failure.contains("1 connection(s) of database '" + DATABASE + "' were still borrowed after the test"),
                failure);
    }

    @Test
    void aTestMethodOnAnotherThreadThanItsUnitIsRefusedBeforeItRuns() throws Exception {
        open(TestDatabase.H2, 2);
        String failure = onlyFailure(SeparateThread.class);
        assertTrue(failure.contains("SeparateThread.writes() runs on thread") && failure.contains("SEPARATE_THREAD"),
                failure);
        assertEquals(List.of(), seen, "the test method did not run");
        assertEquals(Set.of(), ids());
    }

    @Test
    void aDatabaseNotYetBuiltIsNamed() throws Exception {
        open(TestDatabase.H2, 2);
        String failure = onlyFailure(NamesAMissingDatabase.class);
        assertTrue(failure.contains("names database 'reports', which is not registered") && failure.contains("@BeforeAll"),
                failure);
    }

    @Test
    void aSessionParameterWhereNoTestRunsIsRefusedSayingWhy() throws Exception {
        open(TestDatabase.H2, 2);
        String failure = onlyFailure(SessionInBeforeAll.class);
        assertTrue(failure.contains("open only for @Test, @BeforeEach and @AfterEach methods"), failure);
    }

    /** Writes through every propagation, then checks that the next test sees none of it. */
    @UnitOfWorkTest(database = DATABASE)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class Writes {
        @BeforeEach
        void fixture(Session session) throws SQLException {
            insert(session, 0);
        }

        @Test
        void a_writesThroughEveryPropagation(Session session, Database db) throws SQLException {
            assertSame(db, Database.named(DATABASE));
            assertSame(session, Session.current(DATABASE));
            db.run(unit -> {
                insert(unit, 1);
                boundary("Audit.record", Propagation.REQUIRES_NEW).run(audit -> insert(audit, 2));
                unit.afterCommit(() -> insertInAUnit(db, 3));
            });
            boundary("Report.export", Propagation.NOT_SUPPORTED).run(export -> insert(export, 4));
            boundary("Dao.save", Propagation.MANDATORY).run(dao -> {
                assertSame(session, dao, "MANDATORY joins the test's unit");
                insert(dao, 5);
            });
            record(session);
        }

        @Test
        void b_seesNothingOfTheFirst(Session session) throws SQLException {
            record(session);
        }
    }

    /** Four tests that wait for each other, so that each looks while the other three have written. */
    @UnitOfWorkTest(database = DATABASE)
    @Execution(ExecutionMode.CONCURRENT)
    static class Parallel {
        static final int TESTS = 4;
        static final CyclicBarrier written = new CyclicBarrier(TESTS);

        @Test
        void one(Session session) throws Exception {
            writeWaitAndLook(session, 1);
        }

        @Test
        void two(Session session) throws Exception {
            writeWaitAndLook(session, 2);
        }

        @Test
        void three(Session session) throws Exception {
            writeWaitAndLook(session, 3);
        }

        @Test
        void four(Session session) throws Exception {
            writeWaitAndLook(session, 4);
        }

        private static void writeWaitAndLook(Session session, int id) throws Exception {
            Database.named(DATABASE).run(unit -> insert(unit, id));
            written.await(20, TimeUnit.SECONDS);
            record(session);
        }
    }

    @UnitOfWorkTest(database = DATABASE)
    static class LeavesAUnitOpen {
        @Test
        void startsAJob() throws SQLException {
            insert(boundary("Job.start", Propagation.REQUIRED).begin().session(), 1);
        }
    }

    @UnitOfWorkTest(database = DATABASE)
    static class KeepsAConnection {
        static volatile Connection kept;

        @Test
        void takesOneOnAnotherThread() throws Exception {
            Thread taker = new Thread(() -> {
                try {
                    kept = Database.named(DATABASE).dataSource().getConnection();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            taker.start();
            taker.join();
        }
    }

    @UnitOfWorkTest(database = DATABASE)
    static class SeparateThread {
        @Test
        @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
        void writes(Database db) throws SQLException {
            db.run(unit -> insert(unit, 1));
            synchronized (seen) {
                seen.add("ran");
            }
        }
    }

    @UnitOfWorkTest(database = DATABASE)
    static class SessionInBeforeAll {
        @BeforeAll
        static void setUp(Session session) {
        }

        @Test
        void reads() {
        }
    }

    @UnitOfWorkTest(database = "reports")
    static class NamesAMissingDatabase {
        @Test
        void reads() {
        }
    }

    private static void insert(Session session, int id) throws SQLException {
        try (Statement s = session.connection().createStatement()) {
            s.executeUpdate("insert into " + table + " (id, note) values (" + id + ", 'x')");
        }
    }

    private static void insertInAUnit(Database db, int id) {
        try {
            db.run(unit -> insert(unit, id));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Boundary boundary(String name, Propagation propagation) {
        return Boundary.builder(name).database(DATABASE).propagation(propagation).build();
    }

    /** Notes the ids the test's own connection sees. */
    private static void record(Session session) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Statement s = session.connection().createStatement();
                ResultSet rs = s.executeQuery("select id from " + table + " order by id")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        synchronized (seen) {
            seen.add(ids.size() == 1 ? String.valueOf(ids.get(0)) : ids.toString());
        }
    }

    private Set<Integer> ids() throws SQLException {
        try (Connection c = on.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select id from " + table)) {
            Set<Integer> ids = new HashSet<>();
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
            return ids;
        }
    }

    private static List<String> sortedSeen() {
        synchronized (seen) {
            List<String> sorted = new ArrayList<>(seen);
            sorted.sort(null);
            return sorted;
        }
    }

    private static TestExecutionSummary run(Class<?> fixture, Map<String, String> configuration) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(fixture))
                .configurationParameters(configuration)
                .build(), listener);
        return listener.getSummary();
    }

    /** Runs {@code fixture}, which must fail exactly once, and returns that failure. */
    private static String onlyFailure(Class<?> fixture) {
        List<String> failures = failures(run(fixture, Map.of()));
        assertEquals(1, failures.size(), failures.toString());
        return failures.get(0);
    }

    private static List<String> failures(TestExecutionSummary summary) {
        List<String> failures = new ArrayList<>();
        for (TestExecutionSummary.Failure failure : summary.getFailures()) {
            failures.add(failure.getTestIdentifier().getDisplayName() + ": " + failure.getException());
        }
        return failures;
    }
}
