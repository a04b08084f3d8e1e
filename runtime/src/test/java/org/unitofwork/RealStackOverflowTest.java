package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.unitofwork.scenarios.TestDatabase;

/**
 * Real {@link StackOverflowError}s, not thrown by hand: units run at every depth of a recursion on a
 * thread with a small stack, so that the overflow strikes at every step of the protocol in turn — in
 * the boundary, in the driver half-way through a reply, in the commit, in the hooks, in the release
 * of the thread's registry entry (S1, S2, S4, S6; issue 12 item 2).
 *
 * <p>Whatever step it struck: a boundary that returned normally committed its work; a unit never
 * stays on its thread nor is joined after it failed to end; a connection the overflow struck on is
 * never handed out again, so every later unit's statements get their own replies; the pool gets every
 * connection back, and no server session of a struck connection outlives the pool with its locks.
 * Each test also proves that the overflow did strike where it aims — the sweeps inside the
 * runtime, the recursions inside the driver in the middle of a live unit — so that it cannot pass by
 * missing them.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RealStackOverflowTest {
    /** Small enough that the recursions stay short, large enough for the driver to connect. */
    private static final long STACK = 512 * 1024;
    /** Smaller still for the recursions of units, each level of which makes a round trip. */
    private static final long RECURSION_STACK = 256 * 1024;
    /** Attempts in a row that must succeed, on the way back up, before the sweep stops. */
    private static final int CLEAR_RUN = 40;
    /** Frames between two levels of a recursion: each level is a round trip, and they must stay few. */
    private static final int BETWEEN_LEVELS = 40;
    /** Ids a recursion may use, one a level: ids of recursion n start at n times this. */
    private static final int LEVELS = 100_000;
    /** How long HikariCP trusts a connection used lately without validating it. */
    private static final String ALIVE_BYPASS = "com.zaxxer.hikari.aliveBypassWindowMs";
    private static final List<String> DRIVERS_AND_POOL = List.of("org.postgresql.", "org.mariadb.", "org.h2.",
            "com.zaxxer.");

    private TestDatabase target;
    private String url;
    private String name;
    private String table;
    private Database db;

    @AfterEach
    void close() throws SQLException {
        if (db != null) {
            db.close();
        }
        if (table != null) {
            dropTableUnlessASessionStillHoldsIt();
        }
    }

    /**
     * Drops the table, failing if a server session of the closed pool still holds a lock on it: a
     * struck connection left open on the server ("idle in transaction") keeps its locks for good.
     */
    private void dropTableUnlessASessionStillHoldsIt() throws SQLException {
        String waitAtMost = switch (target) {
            case POSTGRES -> "set lock_timeout = '20s'";
            case MARIADB -> "set session lock_wait_timeout = 20";
            case H2 -> null;
        };
        try (java.sql.Connection c = target.connect(url); java.sql.Statement s = c.createStatement()) {
            if (waitAtMost != null) {
                s.execute(waitAtMost);
            }
            s.execute("drop table if exists " + table);
        } catch (SQLException e) {
            throw new AssertionError("a server session still holds table " + table + " after the pool closed: a"
                    + " connection an overflow struck was not closed (" + e.getMessage() + ")", e);
        }
    }

    private void open(TestDatabase database) throws SQLException {
        target = database;
        target.assumeAvailable();
        url = target.newUrl();
        name = TestDatabase.uniqueName("overflow");
        table = TestDatabase.uniqueName("uow_overflow");
        target.createTable(url, table);
        // Two connections: a struck connection handed out again is soon some later unit's. HikariCP
        // validates every connection it hands out, the deepest way through its borrow.
        System.setProperty(ALIVE_BYPASS, "0");
        try {
            db = target.builder(url).name(name).poolSize(2)
                    .configure(c -> c.setConnectionTimeout(2_000)).build();
        } finally {
            System.clearProperty(ALIVE_BYPASS);
        }
    }

    // ---- one unit at each depth, from the very bottom of the stack up

    /**
     * A recursion dives until the stack overflows; on the way back up, each level runs one whole unit
     * (an insert, a query read back, a commit hook) with one frame more of stack than the level below,
     * until units succeed many times in a row. The first attempts overflow at once; later ones get
     * further and further into the protocol.
     */
    @ParameterizedTest(name = "{0}, work: {1}")
    @MethodSource("sweeps")
    void aUnitAtEachDepthNearTheEndOfTheStackIsTrueToWhatItReportsAndLeavesNothingBehind(TestDatabase database,
            Work work) throws Exception {
        open(database);
        Boundary unit = Boundary.builder("Entries.add").database(name).build();
        EdgeSweep sweep = new EdgeSweep(unit, work);
        onASmallStack(STACK, () -> {
            sweep.warmUp();
            sweep.dive();
            assertTheThreadAndThePoolRecovered(unit, 10_000_000);
        });

        Set<Integer> rows = Rows.ids(target, url, table);
        List<String> wrong = new ArrayList<>();
        for (Attempt a : sweep.attempts) {
            if (work == Work.INSERT && a.returned && !rows.contains(a.id)) {
                wrong.add("attempt " + a.id + " returned normally but its row is missing: its work was lost");
            }
            if (work == Work.INSERT && a.hookHeardCommit && !rows.contains(a.id)) {
                wrong.add("attempt " + a.id + " ran its afterCommit hook but its row is missing");
            }
            if (a.returned && !a.hookHeardCommit) {
                wrong.add("attempt " + a.id + " returned normally but its afterCommit hook never ran");
            }
            if (a.thrown != null && !carriesAStackOverflow(a.thrown)) {
                int i = sweep.attempts.indexOf(a);
                wrong.add("attempt " + a.id + " failed with something other than the overflow: " + a.thrown
                        + (i > 0 ? "; the attempt before it: " + trace(sweep.attempts.get(i - 1).thrown) : ""));
            }
            if (a.unitLeftOnTheThread) {
                wrong.add("attempt " + a.id + " left a live unit on its thread after it threw " + a.thrown);
            }
        }
        report("units at the edge of the stack on " + database + ", work: " + work, sweep.attempts);
        assertAll(() -> assertEquals(List.of(), wrong),
                () -> assertStruckInside(sweep.attempts, work == Work.HOOK_ONLY));
    }

    /**
     * What each unit of a sweep does. The overflow strikes where the stack is deepest, so a unit whose
     * work goes deep into the driver is struck there, and one whose work is shallow is struck in the
     * runtime's own steps: its begin, its hooks, its end, the release of the thread's registry entry.
     */
    enum Work {
        /** Registers a commit hook and asks for nothing else: no connection is borrowed. */
        HOOK_ONLY,
        /** Borrows the connection and sends nothing: the commit is the first thing the server hears. */
        BORROW,
        /** Inserts its row and reads it back. */
        INSERT
    }

    static List<Arguments> sweeps() {
        List<Arguments> all = new ArrayList<>();
        for (TestDatabase database : TestDatabase.values()) {
            for (Work work : Work.values()) {
                // On H2 a statement runs the engine itself in this JVM, and an overflow inside it can
                // damage the database (a table lock that outlives its session), which no pool can heal.
                if (database != TestDatabase.H2 || work != Work.INSERT) {
                    all.add(Arguments.of(database, work));
                }
            }
        }
        return all;
    }

    /** Dives to the bottom of the stack, then runs a unit at each level on the way up. */
    private final class EdgeSweep {
        final Boundary unit;
        final Work work;
        final List<Attempt> attempts = new ArrayList<>();
        int succeededInARow;
        int lastId;
        boolean brokenDown;

        EdgeSweep(Boundary unit, Work work) {
            this.unit = unit;
            this.work = work;
        }

        /**
         * Runs the work once with stack to spare, so that linking its code (lambdas, classes), which
         * needs more stack than the unit itself, does not take every overflow of the sweep.
         */
        void warmUp() {
            attemptHere();
            assertTrue(attempts.get(0).returned, () -> "the unit fails even with stack to spare: " + attempts.get(0).thrown);
            attempts.clear();
            succeededInARow = 0;
        }

        void dive() {
            try {
                dive();
            } catch (StackOverflowError bottom) {
                // the bottom: from here up, each level tries a unit
            }
            if (succeededInARow < CLEAR_RUN && !brokenDown) {
                attemptHere();
            }
        }

        private void attemptHere() {
            Attempt a = new Attempt(++lastId);
            attempts.add(a);
            try {
                unit.run(session -> {
                    session.afterCommit(() -> a.hookHeardCommit = true);
                    if (work == Work.BORROW) {
                        session.connection();
                    } else if (work == Work.INSERT) {
                        insertAndReadBack(session, a.id);
                    }
                });
                a.returned = true;
                succeededInARow++;
            } catch (Throwable t) {
                a.thrown = t;
                succeededInARow = 0;
                // A failure the overflow did not cause means an earlier one broke something: the
                // sweep stops there, rather than wait out the pool once per level.
                brokenDown |= !carriesAStackOverflow(t);
                try {
                    Session.current(name);
                    a.unitLeftOnTheThread = true;
                } catch (NoActiveUnitException expected) {
                    // nothing is left on the thread
                } catch (StackOverflowError tooDeepToLook) {
                    // the check itself did not fit: the next attempt, one frame up, tells
                }
            }
        }
    }

    // ---- units at every level of a recursion: joined or nested, the overflow caught or not

    static List<Arguments> recursions() {
        List<Arguments> all = new ArrayList<>();
        // Servers only: an Error inside H2's engine, which runs in the test's own JVM, can damage the
        // database itself ("an old transaction with the same id is still open"), which no pool can heal.
        for (TestDatabase database : List.of(TestDatabase.POSTGRES, TestDatabase.MARIADB)) {
            for (Propagation propagation : List.of(Propagation.REQUIRED, Propagation.NESTED)) {
                all.add(Arguments.of(database, propagation, false));
                all.add(Arguments.of(database, propagation, true));
            }
        }
        return all;
    }

    /**
     * Each level of a recursion is a boundary of its own ({@code REQUIRED}: joined; {@code NESTED}: a
     * savepoint) that inserts its row and recurses, until the stack overflows; the recursion starts
     * from a different depth each time, so that the overflow strikes a different step. Where the work
     * catches the overflow of the level below and returns normally — as code that swallows errors
     * does — a joined level's failure must still doom the unit (S6) and a nested level's must take
     * its rows with it (S8), however far its boundary got before the overflow cut it short.
     */
    @ParameterizedTest(name = "{0} {1}, overflow caught: {2}")
    @MethodSource("recursions")
    void unitsAtEveryLevelOfARecursionCommitExactlyWhatTheyReported(TestDatabase database, Propagation propagation,
            boolean caught) throws Exception {
        open(database);
        Boundary outer = Boundary.builder("Tree.build").database(name).build();
        Boundary level = Boundary.builder("Tree.level").database(name).propagation(propagation).build();
        List<Recursion> recursions = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        onASmallStack(RECURSION_STACK, () -> {
            for (int padding = 0; padding < 48; padding++) {
                Recursion r = new Recursion(recursions.size(), level, caught);
                recursions.add(r);
                atDepth(padding, () -> {
                    try {
                        outer.run(session -> {
                            Rows.insert(session, table, r.id(0));
                            r.insertReturned.add(0);
                            r.descend(1);
                        });
                        r.outerReturned = true;
                    } catch (Throwable t) {
                        r.outerThrown = t;
                    }
                });
                String ledger = r.check(Rows.ids(target, url, table), propagation);
                if (ledger != null) {
                    wrong.add(ledger);
                }
                assertTheThreadAndThePoolRecovered(outer, 20_000_000 + 3 * r.number);
            }
        });
        List<Attempt> struck = new ArrayList<>();
        for (Recursion r : recursions) {
            struck.addAll(r.overflows);
        }
        report("units at every level (" + propagation + ", overflow caught: " + caught + ") on " + database, struck);
        assertAll(() -> assertEquals(List.of(), wrong),
                () -> assertStruckInTheDriver(struck));
    }

    /** One recursion of boundaries: what each level did, and what the rows must be. */
    private final class Recursion {
        final int number;
        final Boundary level;
        final boolean caught;
        final Set<Integer> insertReturned = new HashSet<>();
        final Set<Integer> entered = new HashSet<>();
        final Set<Integer> boundaryThrew = new HashSet<>();
        final List<Attempt> overflows = new ArrayList<>();
        boolean outerReturned;
        Throwable outerThrown;

        Recursion(int number, Boundary level, boolean caught) {
            this.number = number;
            this.level = level;
            this.caught = caught;
        }

        int id(int depth) {
            // a recursion can be thousands of levels deep where the JIT folds its frames together
            return number * LEVELS + depth;
        }

        void descend(int depth) throws SQLException {
            try {
                level.run(session -> {
                    entered.add(depth);
                    // Deeper inside the unit by a different amount at each level and in each recursion:
                    // past the stack its boundary claimed before it began, so that the overflow also
                    // strikes inside the driver while the unit is live.
                    insertDeeper(session, id(depth), (number * 31 + depth * 17) % 400, depth, number, 1L, 2L);
                    insertReturned.add(depth);
                    descendAfter(BETWEEN_LEVELS, depth + 1);
                });
            } catch (Throwable e) {
                boundaryThrew.add(depth);
                if (!caught || !(e instanceof StackOverflowError)) {
                    throw e;
                }
                Attempt a = new Attempt(id(depth));
                a.thrown = e;
                overflows.add(a); // and the work goes on, as code that swallows errors does
            }
        }

        /** Goes {@code frames} frames deeper first, so that a recursion has hundreds of levels, not thousands. */
        private void descendAfter(int frames, int depth) throws SQLException {
            if (frames > 0) {
                descendAfter(frames - 1, depth);
            } else {
                descend(depth);
            }
        }

        /**
         * Inserts {@code frames} frames deeper, each frame holding four values live across its call, so that
         * the frames stay large enough to pass the boundary's claim once compiled too.
         */
        private long insertDeeper(Session session, int id, int frames, long a, long b, long c, long d)
                throws SQLException {
            if (frames > 0) {
                return insertDeeper(session, id, frames - 1, b, c, d, a) + (a ^ b) + (c ^ d);
            }
            Rows.insert(session, table, id);
            return a + b + c + d;
        }

        /** What is wrong with the committed rows, or null. */
        String check(Set<Integer> rows, Propagation propagation) {
            Set<Integer> mine = new HashSet<>();
            for (int id : rows) {
                if (id / LEVELS == number && id < 10_000_000) {
                    mine.add(id % LEVELS);
                }
            }
            if (outerThrown != null && !caught) {
                overflows.add(attemptOf(outerThrown));
            }
            if (!outerReturned) {
                return mine.isEmpty() ? null
                        : "recursion " + number + ": the outer boundary threw " + outerThrown + " but rows " + mine
                                + " are committed";
            }
            if (!caught) {
                return "recursion " + number + ": the outer boundary returned normally, yet the overflow was never caught";
            }
            Set<Integer> expected = new HashSet<>();
            if (propagation == Propagation.REQUIRED) {
                for (int depth : boundaryThrew) {
                    if (entered.contains(depth)) {
                        return "recursion " + number + ": level " + depth + " joined the unit, did part of its work"
                                + " and its boundary threw, yet the unit committed (S6): rows " + mine;
                    }
                }
                expected.addAll(insertReturned);
            } else {
                for (int depth : insertReturned) {
                    boolean kept = true;
                    for (int above = 1; above <= depth; above++) {
                        kept &= !boundaryThrew.contains(above);
                    }
                    if (kept) {
                        expected.add(depth);
                    }
                }
            }
            return expected.equals(mine) ? null
                    : "recursion " + number + ": committed rows " + new TreeMap<>(diff(mine, expected))
                            + " (true: committed though it should not be; false: missing)";
        }

        private Attempt attemptOf(Throwable t) {
            Attempt a = new Attempt(id(0));
            a.thrown = t;
            return a;
        }
    }

    private static Map<Integer, Boolean> diff(Set<Integer> actual, Set<Integer> expected) {
        Map<Integer, Boolean> diff = new TreeMap<>();
        for (int id : actual) {
            if (!expected.contains(id)) {
                diff.put(id, true);
            }
        }
        for (int id : expected) {
            if (!actual.contains(id)) {
                diff.put(id, false);
            }
        }
        return diff;
    }

    // ---- shared

    /** One unit's try, and how it ended. */
    private static final class Attempt {
        final int id;
        volatile boolean returned;
        volatile boolean hookHeardCommit;
        volatile boolean unitLeftOnTheThread;
        Throwable thrown;

        Attempt(int id) {
            this.id = id;
        }
    }

    private void insertAndReadBack(Session session, int id) throws SQLException {
        Rows.insert(session, table, id);
        try (PreparedStatement s = session.connection().prepareStatement("select id from " + table + " where id = ?")) {
            s.setInt(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "the unit does not see its own row");
                assertEquals(id, rs.getInt(1), "a statement got another statement's reply");
            }
        }
    }

    /** Runs {@code body} {@code frames} frames deeper than the caller, so that the stack ends elsewhere in it. */
    private static void atDepth(int frames, Runnable body) {
        if (frames > 0) {
            atDepth(frames - 1, body);
        } else {
            body.run();
        }
    }

    /**
     * With the stack shallow again: no unit is left on the thread; a new unit is a unit of its own and
     * commits; both of the pool's connections, held at once, answer their own statements; the pool
     * has every connection back.
     */
    private void assertTheThreadAndThePoolRecovered(Boundary unit, int id) throws Exception {
        assertThrows(NoActiveUnitException.class, () -> Session.current(name), "a unit is still on the thread");
        Boundary other = Boundary.builder("Entries.audit").database(name).propagation(Propagation.REQUIRES_NEW).build();
        AtomicReference<Outcome> heard = new AtomicReference<>();
        unit.run(session -> {
            assertSame(session, Session.current(name), "the new unit is not the thread's current one");
            assertFalse(session.isRollbackOnly(), "the new unit joined a doomed one");
            session.afterCompletion(heard::set);
            insertAndReadBack(session, id);
            other.run(audit -> insertAndReadBack(audit, id + 1));
            insertAndReadBack(session, id + 2);
        });
        assertEquals(Outcome.COMMITTED, heard.get(), "the next unit did not commit");
        Set<Integer> rows = Rows.ids(target, url, table);
        assertTrue(rows.containsAll(List.of(id, id + 1, id + 2)), "the next units' rows are missing");
        try (java.sql.Connection c = target.connect(url); java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("delete from " + table + " where id >= " + id + " and id <= " + (id + 2));
        }
        assertEquals(0, db.activeConnections(), "a connection is still borrowed after the units ended");
    }

    /**
     * Fails unless an overflow struck inside the runtime or the driver — inside the runtime itself when
     * {@code runtimeItself} — so that the test cannot pass by missing them.
     */
    private static void assertStruckInside(List<Attempt> attempts, boolean runtimeItself) {
        Map<String, Integer> where = whereStruck(attempts);
        int runtime = 0;
        int driver = 0;
        for (Map.Entry<String, Integer> e : where.entrySet()) {
            if (e.getKey().startsWith("org.unitofwork.")) {
                runtime += e.getValue();
            } else if (e.getKey().startsWith("driver ")) {
                driver += e.getValue();
            }
        }
        assertTrue(runtimeItself ? runtime > 0 : runtime + driver > 0, "the overflow never struck inside the runtime"
                + (runtimeItself ? "" : " nor the driver") + ", so this run proves little: " + where);
    }

    /**
     * Fails unless an overflow struck inside the driver, where the unit's connection is left in the
     * middle of an exchange: the case the claims of stack cannot move away.
     */
    private static void assertStruckInTheDriver(List<Attempt> attempts) {
        Map<String, Integer> where = whereStruck(attempts);
        assertTrue(where.keySet().stream().anyMatch(place -> place.startsWith("driver ")), "the overflow never struck"
                + " inside the driver, so this run proves little: " + where);
    }

    /** Where each overflow struck: the innermost frame outside the test, by class. */
    private static Map<String, Integer> whereStruck(List<Attempt> attempts) {
        Map<String, Integer> where = new TreeMap<>();
        for (Attempt a : attempts) {
            if (a.thrown == null) {
                continue;
            }
            StackOverflowError overflow = findOverflow(a.thrown);
            String place = "(no overflow)";
            if (overflow != null) {
                place = "(the test's own code)";
                for (StackTraceElement frame : overflow.getStackTrace()) {
                    String c = frame.getClassName();
                    if (c.startsWith(RealStackOverflowTest.class.getName()) || c.startsWith("org.unitofwork.Rows")) {
                        break;
                    }
                    if (c.startsWith("org.unitofwork.")) {
                        place = c + "." + frame.getMethodName();
                        break;
                    }
                    if (DRIVERS_AND_POOL.stream().anyMatch(c::startsWith)) {
                        place = "driver " + c.substring(0, c.indexOf('.', c.indexOf('.') + 1));
                        break;
                    }
                }
            }
            where.merge(place, 1, Integer::sum);
        }
        return where;
    }

    private static String trace(Throwable t) {
        if (t == null) {
            return "returned normally";
        }
        StringBuilder out = new StringBuilder(t.toString());
        StackOverflowError overflow = findOverflow(t);
        StackTraceElement[] frames = (overflow != null ? overflow : t).getStackTrace();
        for (int i = 0; i < Math.min(25, frames.length); i++) {
            out.append("\n\t\tat ").append(frames[i]);
        }
        return out.toString();
    }

    private static void report(String what, List<Attempt> attempts) {
        System.out.println("Real stack overflows, " + what + ": " + attempts.size() + " attempts; struck in "
                + whereStruck(attempts));
    }

    private static boolean carriesAStackOverflow(Throwable t) {
        return findOverflow(t) != null;
    }

    private static StackOverflowError findOverflow(Throwable t) {
        return findOverflow(t, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static StackOverflowError findOverflow(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return null;
        }
        if (t instanceof StackOverflowError overflow) {
            return overflow;
        }
        StackOverflowError found = findOverflow(t.getCause(), seen);
        for (Throwable s : t.getSuppressed()) {
            if (found == null) {
                found = findOverflow(s, seen);
            }
        }
        return found;
    }

    private interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} on a new thread with a small stack, and re-throws what it threw. */
    private static void onASmallStack(long stack, Body body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", stack);
        t.start();
        t.join(TimeUnit.MINUTES.toMillis(2));
        if (t.isAlive()) {
            StringBuilder where = new StringBuilder();
            for (StackTraceElement frame : t.getStackTrace()) {
                where.append("\n\tat ").append(frame);
            }
            t.interrupt();
            throw new AssertionError("the small-stack thread is still running after 2 minutes, at:" + where);
        }
        if (failure.get() instanceof Exception e) {
            throw e;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
    }
}
