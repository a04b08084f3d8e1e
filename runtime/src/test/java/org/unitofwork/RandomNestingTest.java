package org.unitofwork;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.scenarios.TestDatabase;

/**
 * Proves that any nesting of boundaries ends as the rules S5–S9 say and leaves nothing behind (S2).
 *
 * <p>Thousands of random trees of nested boundaries run through the public API: every propagation
 * (MANDATORY and NEVER included, where they must fail as well as where they may run), boundaries
 * that return normally or throw after their children (a checked exception, a runtime exception or
 * an {@code Error}), and parents that catch their child's failure or let it through. Every boundary
 * inserts one row with its own id, before or after its children, through its session,
 * {@link Session#current(String)} or {@link Database#dataSource()}.
 * An independent {@link Model} of the rules, which knows nothing of the runtime's classes, predicts
 * each tree's outcome. After every tree the test checks that
 * <ul>
 *   <li>the throwable reaching the top, and every one a parent caught, is the predicted one: the
 *       very instance a boundary threw, or the runtime's exception of the predicted type, naming
 *       the predicted boundaries, with the predicted cause;</li>
 *   <li>each boundary's session is transactional exactly when the model says, and is the one
 *       {@link Session#current(String)} returns;</li>
 *   <li>the rows in the database are exactly those the model says are committed;</li>
 *   <li>no connection is borrowed and no unit is registered on the thread.</li>
 * </ul>
 *
 * <p>Each tree is generated from its own seed, which every failure message prints.
 * {@code -Dunitofwork.seed=<seed>} runs just that tree, on each database.
 */
@Timeout(value = 60, unit = SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RandomNestingTest {
    /** System property that runs one tree, given its seed, instead of a random run. */
    private static final String SEED_PROPERTY = "unitofwork.seed";
    /** Levels of a tree, the outermost boundary included: at most this many units hold connections at once. */
    private static final int MAX_DEPTH = 4;
    private static final int MAX_CHILDREN = 3;
    /** Larger than {@link #MAX_DEPTH}, so a tree never waits for a connection. */
    private static final int POOL_SIZE = 10;
    /** Weighted so that the propagations that open, join or nest transactions dominate. */
    private static final Propagation[] PROPAGATIONS = {
        Propagation.REQUIRED, Propagation.REQUIRED, Propagation.REQUIRED,
        Propagation.NESTED, Propagation.NESTED, Propagation.NESTED,
        Propagation.REQUIRES_NEW, Propagation.REQUIRES_NEW,
        Propagation.SUPPORTS, Propagation.SUPPORTS,
        Propagation.NOT_SUPPORTED, Propagation.NOT_SUPPORTED,
        Propagation.MANDATORY, Propagation.NEVER,
    };

    @Test
    void randomTreesOnH2() throws SQLException {
        check(TestDatabase.H2, 5_000);
    }

    @Test
    void randomTreesOnPostgres() throws SQLException {
        check(TestDatabase.POSTGRES, 500);
    }

    @Test
    void randomTreesOnMariaDb() throws SQLException {
        check(TestDatabase.MARIADB, 500);
    }

    private static void check(TestDatabase target, int trees) throws SQLException {
        target.assumeAvailable();
        String fixedSeed = System.getProperty(SEED_PROPERTY);
        long runSeed = fixedSeed != null ? Long.parseLong(fixedSeed) : ThreadLocalRandom.current().nextLong();
        SplittableRandom seeds = new SplittableRandom(runSeed);
        int count = fixedSeed != null ? 1 : trees;

        String url = target.newUrl();
        String table = TestDatabase.uniqueName("uow_tree");
        String name = TestDatabase.uniqueName("trees");
        target.createTable(url, table);
        try (Database db = target.build(name, url, POOL_SIZE); Connection observer = target.connect(url)) {
            int nextId = 1;
            // rows seen right after their tree: a row that showed up later would make the final count differ
            int committed = 0;
            for (int i = 0; i < count; i++) {
                long seed = fixedSeed != null ? runSeed : seeds.nextLong();
                int offset = nextId - 1;
                Node root = generate(seed, offset, name);
                int lastId = offset + root.size();
                Model model = new Model(root);
                Run run = new Run(name, "insert into " + table + " (id, note) values (?, ?)", root);
                Set<Integer> rows = ids(observer, "select id - " + offset + " from " + table + " where id between "
                        + nextId + " and " + lastId);
                List<String> mismatches = mismatches(model, run, rows, db);
                if (!mismatches.isEmpty()) {
                    StringBuilder report = new StringBuilder("Tree with seed ").append(seed).append(" (tree #")
                            .append(i).append(" of run seed ").append(runSeed).append(" on ").append(target)
                            .append(") disagrees with the model:\n");
                    mismatches.forEach(m -> report.append("  - ").append(m).append('\n'));
                    report.append("Tree:\n");
                    root.render(report, "  ");
                    report.append("Re-run just this tree: mvn -pl runtime verify -Dtest=RandomNestingTest -D")
                            .append(SEED_PROPERTY).append('=').append(seed);
                    fail(report.toString(), run.thrown);
                }
                committed += rows.size();
                nextId = lastId + 1;
            }
            assertEquals(committed, ids(observer, "select id from " + table).size(),
                    "rows committed over the whole run of seed " + runSeed + " on " + target);
        } finally {
            target.dropTable(url, table);
        }
    }

    /** Where the runtime disagrees with the model about one tree, or with the release rule S2. */
    private static List<String> mismatches(Model model, Run run, Set<Integer> rows, Database db) {
        List<String> mismatches = new ArrayList<>(run.problems);
        if (!matches(model.thrown, run.thrown, run.thrownBy)) {
            mismatches.add("reaching the top: expected " + model.thrown + ", got " + describe(run.thrown));
        }
        for (int node : union(model.caught.keySet(), run.caught.keySet())) {
            Expected expected = model.caught.get(node);
            Throwable actual = run.caught.get(node);
            if (expected == null || !matches(expected, actual, run.thrownBy)) {
                mismatches.add("caught from n" + node + ": expected " + (expected == null ? "nothing" : expected)
                        + ", got " + describe(actual));
            }
        }
        if (!model.transactional.equals(run.transactional)) {
            mismatches.add("nodes whose work ran, with whether their session was transactional: expected "
                    + model.transactional + ", got " + run.transactional);
        }
        Set<Integer> committed = model.committed();
        if (!rows.equals(committed)) {
            mismatches.add("nodes whose row is committed: expected " + committed + ", got " + rows);
        }
        if (db.activeConnections() != 0) {
            mismatches.add(db.activeConnections() + " connections still borrowed, expected 0");
        }
        if (!registryEmpty(db.name())) {
            mismatches.add("a unit is still registered on " + Thread.currentThread());
        }
        return mismatches;
    }

    // ---------------------------------------------------------------- trees

    /** One boundary of a tree: inserts its row before or after running its children, then returns or throws. */
    private static final class Node {
        /** Numbers the nodes of a tree from 1, in the order their boundaries begin. */
        final int index;
        /** The id of the node's row: unique in the table over the whole run. */
        final int rowId;
        final Propagation propagation;
        final boolean insertsFirst;
        final Access access;
        final Failure failure;
        final boolean caughtByParent;
        final List<Node> children = new ArrayList<>();
        /** Unique in the tree, and never part of another node's name: {@code n12[NESTED]}. */
        final String name;
        final Boundary boundary;

        Node(int index, int rowId, Propagation propagation, boolean insertsFirst, Access access, Failure failure,
                boolean caughtByParent, String database) {
            this.index = index;
            this.rowId = rowId;
            this.propagation = propagation;
            this.insertsFirst = insertsFirst;
            this.access = access;
            this.failure = failure;
            this.caughtByParent = caughtByParent;
            this.name = "n" + index + "[" + propagation + "]";
            this.boundary = Boundary.builder(name).database(database).propagation(propagation).build();
        }

        int size() {
            int size = 1;
            for (Node child : children) {
                size += child.size();
            }
            return size;
        }

        void render(StringBuilder out, String indent) {
            out.append(indent).append(name)
                    .append(insertsFirst ? " inserts, then runs its children" : " runs its children, then inserts")
                    .append(" (through ").append(access.description).append(')').append(failure.description);
            if (indent.length() > 2) {
                out.append(caughtByParent ? "; its parent catches its failure" : "; its failure propagates");
            }
            out.append('\n');
            for (Node child : children) {
                child.render(out, indent + "  ");
            }
        }
    }

    /** A random tree whose row ids start after {@code rowOffset}; the same seed gives the same tree. */
    private static Node generate(long seed, int rowOffset, String database) {
        return generate(new SplittableRandom(seed), 1, false, new int[] {1}, rowOffset, database);
    }

    private static Node generate(SplittableRandom random, int depth, boolean caughtByParent, int[] nextIndex,
            int rowOffset, String database) {
        int index = nextIndex[0]++;
        Failure failure = random.nextInt(10) < 3 ? Failure.THROWN[random.nextInt(Failure.THROWN.length)] : Failure.NONE;
        Node node = new Node(index, rowOffset + index, PROPAGATIONS[random.nextInt(PROPAGATIONS.length)],
                random.nextInt(4) != 0, Access.values()[random.nextInt(Access.values().length)], failure,
                caughtByParent, database);
        int children = depth < MAX_DEPTH ? random.nextInt(MAX_CHILDREN + 1) : 0;
        for (int i = 0; i < children; i++) {
            node.children.add(generate(random, depth + 1, random.nextBoolean(), nextIndex, rowOffset, database));
        }
        return node;
    }

    /** Where a node gets the connection it inserts with: every way must reach the active unit's connection. */
    private enum Access {
        SESSION("the session it is given"),
        CURRENT("Session.current(name)"),
        DATA_SOURCE("Database.dataSource(), closing the connection after the insert");

        final String description;

        Access(String description) {
            this.description = description;
        }
    }

    /** How a node ends its work: every kind of throwable rolls back and reaches the caller as itself (S1). */
    private enum Failure {
        NONE(", then returns"),
        CHECKED(", then throws an Exception"),
        UNCHECKED(", then throws an IllegalStateException"),
        ERROR(", then throws an Error");

        static final Failure[] THROWN = {CHECKED, UNCHECKED, ERROR};

        final String description;

        Failure(String description) {
            this.description = description;
        }

        Throwable create(Node node) {
            String message = node.name + " failed on purpose";
            switch (this) {
                case CHECKED:
                    return new Exception(message);
                case UNCHECKED:
                    return new IllegalStateException(message);
                case ERROR:
                    return new Error(message);
                default:
                    throw new AssertionError(this);
            }
        }
    }

    // ---------------------------------------------------------------- the runtime

    /** Runs a tree through the public API and records what the model makes predictions about. */
    private static final class Run {
        private final String database;
        private final String insert;
        /** By node index, for the nodes whose work ran: whether their session was transactional. */
        final Map<Integer, Boolean> transactional = new TreeMap<>();
        /** By node index: what the node's parent caught from it. */
        final Map<Integer, Throwable> caught = new TreeMap<>();
        /** By node index: the throwable the node's work threw. */
        final Map<Integer, Throwable> thrownBy = new HashMap<>();
        final List<String> problems = new ArrayList<>();
        Throwable thrown;

        Run(String database, String insert, Node root) {
            this.database = database;
            this.insert = insert;
            try {
                enter(root);
            } catch (Throwable t) {
                thrown = t;
            }
        }

        private void enter(Node node) throws Throwable {
            node.boundary.run(session -> work(node, session));
        }

        private void work(Node node, Session session) throws Throwable {
            transactional.put(node.index, session.isTransactional());
            if (Session.current(database) != session) {
                problems.add(node.name + " was given a session other than Session.current(\"" + database + "\")");
            }
            if (node.insertsFirst) {
                insert(node, session);
            }
            for (Node child : node.children) {
                try {
                    enter(child);
                } catch (Throwable t) {
                    if (!child.caughtByParent) {
                        throw t;
                    }
                    caught.put(child.index, t);
                }
            }
            if (!node.insertsFirst) {
                insert(node, session);
            }
            if (node.failure != Failure.NONE) {
                Throwable failure = node.failure.create(node);
                thrownBy.put(node.index, failure);
                throw failure;
            }
        }

        private void insert(Node node, Session session) throws SQLException {
            switch (node.access) {
                case SESSION:
                    insert(node, session.connection());
                    break;
                case CURRENT:
                    insert(node, Session.current(database).connection());
                    break;
                default:
                    try (Connection c = session.database().dataSource().getConnection()) {
                        insert(node, c);
                    }
            }
        }

        private void insert(Node node, Connection c) throws SQLException {
            try (PreparedStatement s = c.prepareStatement(insert)) {
                s.setInt(1, node.rowId);
                s.setString(2, node.name);
                s.executeUpdate();
            }
        }
    }

    // ---------------------------------------------------------------- the model

    /**
     * The rules as a small interpreter. It knows only the current transactional scope (a transaction,
     * or a NESTED savepoint inside one) and, for every row, the scope it was written in:
     * <ul>
     *   <li>REQUIRED, MANDATORY and SUPPORTS join a transaction when there is one; otherwise REQUIRED
     *       starts one, MANDATORY fails, SUPPORTS runs without. REQUIRES_NEW always starts its own.
     *       NOT_SUPPORTED always runs without; NEVER runs without, or fails inside a transaction.
     *       NESTED opens a savepoint scope inside a transaction, and starts one outside.</li>
     *   <li>Without a transaction every row commits as it is written.</li>
     *   <li>A joined boundary that throws marks the innermost transactional scope rollback-only; the
     *       first such failure is the one that scope reports.</li>
     *   <li>A scope whose boundary throws rolls back and lets the exception through; one that returns
     *       normally but is rollback-only rolls back and throws {@link RollbackOnlyException} naming
     *       itself and the failed joined boundary, with that boundary's exception as cause;
     *       otherwise it is kept. A savepoint's failure never marks the scope around it.</li>
     *   <li>A row is committed when the scope it was written in and every scope around it were kept.</li>
     * </ul>
     */
    private static final class Model {
        /** Node indexes of the rows written without a transaction. */
        final Set<Integer> autoCommitted = new TreeSet<>();
        /** By node index: the scope the node's row was written in. */
        final Map<Integer, TxScope> writtenIn = new HashMap<>();
        /** As {@link Run#transactional}. */
        final Map<Integer, Boolean> transactional = new TreeMap<>();
        /** As {@link Run#caught}. */
        final Map<Integer, Expected> caught = new TreeMap<>();
        final Expected thrown;
        /** The innermost transactional scope; null outside any transaction. */
        private TxScope current;

        Model(Node root) {
            thrown = enter(root);
        }

        Set<Integer> committed() {
            Set<Integer> committed = new TreeSet<>(autoCommitted);
            writtenIn.forEach((id, scope) -> {
                if (scope.kept()) {
                    committed.add(id);
                }
            });
            return committed;
        }

        private Expected enter(Node node) {
            boolean inTransaction = current != null;
            switch (node.propagation) {
                case REQUIRED:
                    return inTransaction ? joined(node) : inScope(node, null);
                case REQUIRES_NEW:
                    return inScope(node, null);
                case NESTED:
                    return inScope(node, current);
                case MANDATORY:
                    return inTransaction ? joined(node) : Expected.propagation(node);
                case SUPPORTS:
                    return inTransaction ? joined(node) : withoutTransaction(node);
                case NOT_SUPPORTED:
                    return withoutTransaction(node);
                case NEVER:
                    return inTransaction ? Expected.propagation(node) : withoutTransaction(node);
                default:
                    throw new AssertionError(node.propagation);
            }
        }

        private Expected joined(Node node) {
            TxScope scope = current;
            Expected failure = work(node);
            if (failure != null) {
                scope.markRollbackOnly(node, failure);
            }
            return failure;
        }

        /** A new transaction ({@code enclosing} null) or a savepoint scope inside {@code enclosing}. */
        private Expected inScope(Node node, TxScope enclosing) {
            TxScope suspended = current;
            TxScope scope = new TxScope(node, enclosing);
            current = scope;
            Expected failure = work(node);
            current = suspended;
            return scope.end(failure);
        }

        private Expected withoutTransaction(Node node) {
            TxScope suspended = current;
            current = null;
            Expected failure = work(node);
            current = suspended;
            return failure;
        }

        private Expected work(Node node) {
            transactional.put(node.index, current != null);
            if (node.insertsFirst) {
                write(node);
            }
            for (Node child : node.children) {
                Expected failure = enter(child);
                if (failure != null) {
                    if (!child.caughtByParent) {
                        return failure;
                    }
                    caught.put(child.index, failure);
                }
            }
            if (!node.insertsFirst) {
                write(node);
            }
            return node.failure != Failure.NONE ? Expected.nodeFailure(node) : null;
        }

        private void write(Node node) {
            if (current == null) {
                autoCommitted.add(node.index);
            } else {
                writtenIn.put(node.index, current);
            }
        }
    }

    /** A transaction or a savepoint scope of the model. */
    private static final class TxScope {
        private final Node boundary;
        private final TxScope enclosing;
        private Node failedInner;
        private Expected failedInnerCause;
        private boolean rolledBack;

        TxScope(Node boundary, TxScope enclosing) {
            this.boundary = boundary;
            this.enclosing = enclosing;
        }

        void markRollbackOnly(Node inner, Expected cause) {
            if (failedInner == null) {
                failedInner = inner;
                failedInnerCause = cause;
            }
        }

        Expected end(Expected failure) {
            if (failure != null) {
                rolledBack = true;
                return failure;
            }
            if (failedInner != null) {
                rolledBack = true;
                return Expected.rollbackOnly(boundary, failedInner, failedInnerCause);
            }
            return null;
        }

        boolean kept() {
            for (TxScope scope = this; scope != null; scope = scope.enclosing) {
                if (scope.rolledBack) {
                    return false;
                }
            }
            return true;
        }
    }

    /** An exception the model predicts. */
    private static final class Expected {
        private enum Kind { NODE_FAILURE, PROPAGATION, ROLLBACK_ONLY }

        private final Kind kind;
        /** The boundary that throws it. */
        private final Node node;
        /** For ROLLBACK_ONLY: the joined boundary whose failure made the scope rollback-only. */
        private final Node inner;
        private final Expected cause;

        private Expected(Kind kind, Node node, Node inner, Expected cause) {
            this.kind = kind;
            this.node = node;
            this.inner = inner;
            this.cause = cause;
        }

        static Expected nodeFailure(Node node) {
            return new Expected(Kind.NODE_FAILURE, node, null, null);
        }

        static Expected propagation(Node node) {
            return new Expected(Kind.PROPAGATION, node, null, null);
        }

        static Expected rollbackOnly(Node node, Node inner, Expected cause) {
            return new Expected(Kind.ROLLBACK_ONLY, node, inner, cause);
        }

        /** @param thrownBy by node index, the throwable each node threw */
        boolean matches(Throwable actual, Map<Integer, Throwable> thrownBy) {
            switch (kind) {
                case NODE_FAILURE:
                    return actual != null && actual == thrownBy.get(node.index);
                case PROPAGATION:
                    return actual instanceof PropagationException && actual.getMessage().contains(node.name);
                default:
                    return actual instanceof RollbackOnlyException && actual.getMessage().contains(node.name)
                            && actual.getMessage().contains(inner.name)
                            && RandomNestingTest.matches(cause, actual.getCause(), thrownBy);
            }
        }

        @Override
        public String toString() {
            switch (kind) {
                case NODE_FAILURE:
                    return "the very throwable " + node.name + " threw";
                case PROPAGATION:
                    return "PropagationException naming " + node.name;
                default:
                    return "RollbackOnlyException naming " + node.name + " and the failed joined " + inner.name
                            + ", caused by " + cause;
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static boolean matches(Expected expected, Throwable actual, Map<Integer, Throwable> thrownBy) {
        return expected == null ? actual == null : expected.matches(actual, thrownBy);
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "nothing";
        }
        return t.getClass().getSimpleName() + " \"" + t.getMessage() + "\""
                + (t.getCause() != null ? ", caused by " + describe(t.getCause()) : "");
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> union = new TreeSet<>(a);
        union.addAll(b);
        return union;
    }

    private static boolean registryEmpty(String database) {
        try {
            Session.current(database);
            return false;
        } catch (NoActiveUnitException expected) {
            return true;
        }
    }

    private static Set<Integer> ids(Connection observer, String query) throws SQLException {
        Set<Integer> ids = new TreeSet<>();
        try (Statement s = observer.createStatement(); ResultSet rows = s.executeQuery(query)) {
            while (rows.next()) {
                ids.add(rows.getInt(1));
            }
        }
        return ids;
    }
}
