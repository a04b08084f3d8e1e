package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.InputStream;
import java.io.StringReader;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.unitofwork.scenarios.TestDatabase;

/**
 * S13: nothing a unit hands out works outside it. For every kind of object, on every database: used
 * on another thread while its unit runs, it throws {@link WrongThreadException}; used after its unit
 * ended, while another thread's unit holds the same physical connection (a pool of one), it throws
 * {@link NoActiveUnitException}. Either way the physical connection is never reached: the row the
 * use would insert is never committed, and the other unit sees only its own rows.
 */
class ConfinementTest {
    /** The row every use that writes would insert; it must never be there. */
    private static final int LEAKED_ID = 100;

    /** Gets the object in the unit. */
    interface Getter {
        Object get(Connection c, Setup setup) throws Exception;
    }

    /** Uses the object as an adversary would: for the kinds that can, by inserting {@link #LEAKED_ID}. */
    interface Use {
        void use(Object o, Setup setup) throws Exception;
    }

    /**
     * A kind of object a unit hands out, and how the messages of its misuse begin ({@code said}).
     * {@code finish} runs in the unit after the other thread's try.
     */
    record Kind(String name, String said, Getter get, Use use, Use finish) {
        Kind(String name, String said, Getter get, Use use) {
            this(name, said, get, use, (o, s) -> { });
        }
    }

    /** The database, its table, and a procedure inserting {@link #LEAKED_ID} where the database needs one. */
    record Setup(TestDatabase db, String url, String table, String procedure) {
        String insertLeak() {
            return "insert into " + table + " (id, note) values (" + LEAKED_ID + ", 'leaked')";
        }
    }

    private static List<Kind> kinds(TestDatabase db) {
        List<Kind> kinds = new ArrayList<>(List.of(
                new Kind("Connection", "The connection", (c, s) -> c,
                        (o, s) -> ((Connection) o).createStatement().executeUpdate(s.insertLeak())),
                new Kind("Statement", "A statement", (c, s) -> c.createStatement(),
                        (o, s) -> ((Statement) o).executeUpdate(s.insertLeak())),
                new Kind("PreparedStatement", "A prepared statement", (c, s) -> c.prepareStatement(s.insertLeak()),
                        (o, s) -> ((PreparedStatement) o).executeUpdate()),
                new Kind("CallableStatement", "A callable statement", (c, s) -> c.prepareCall(db == TestDatabase.H2 ? s.insertLeak()
                                : db == TestDatabase.POSTGRES ? "call " + s.procedure() + "()" : "{call " + s.procedure() + "()}"),
                        (o, s) -> ((CallableStatement) o).execute()),
                new Kind("ResultSet", "A result set", (c, s) -> c.createStatement().executeQuery("select id, note from " + s.table()),
                        (o, s) -> ((ResultSet) o).next()),
                new Kind("DatabaseMetaData", "Metadata", (c, s) -> c.getMetaData(),
                        (o, s) -> ((DatabaseMetaData) o).getTables(null, null, "%", null)),
                new Kind("ResultSetMetaData", "Metadata", (c, s) -> c.createStatement()
                        .executeQuery("select id, note from " + s.table()).getMetaData(),
                        (o, s) -> ((ResultSetMetaData) o).isAutoIncrement(1)),
                new Kind("ParameterMetaData", "Metadata", (c, s) -> c.prepareStatement("select id from " + s.table()
                        + " where id = ?").getParameterMetaData(),
                        (o, s) -> ((ParameterMetaData) o).getParameterCount()),
                new Kind("Blob", "A Blob", ConfinementTest::blob, (o, s) -> ((Blob) o).length()),
                new Kind("Blob's stream", "A stream", (c, s) -> blob(c, s).getBinaryStream(), (o, s) -> ((InputStream) o).read())));
        if (db != TestDatabase.POSTGRES) {
            kinds.add(new Kind("Clob", "A Clob", (c, s) -> {
                Clob clob = c.createClob();
                clob.setString(1, "text");
                return clob;
            }, (o, s) -> ((Clob) o).length()));
        }
        if (db != TestDatabase.MARIADB) {
            kinds.add(new Kind("Array", "An Array", (c, s) -> c.createArrayOf("integer", new Object[] {1, 2}),
                    (o, s) -> ((java.sql.Array) o).getResultSet()));
        }
        if (db == TestDatabase.POSTGRES) {
            kinds.add(new Kind("PGConnection", "An org.postgresql.PGConnection view", (c, s) -> c.unwrap(PGConnection.class),
                    (o, s) -> ((PGConnection) o).getBackendPID()));
            kinds.add(new Kind("CopyManager", "The connection", (c, s) -> c.unwrap(PGConnection.class).getCopyAPI(),
                    (o, s) -> ((CopyManager) o).copyIn("copy " + s.table() + " (id, note) from stdin",
                            new StringReader(LEAKED_ID + "\tleaked\n"))));
            kinds.add(new Kind("CopyIn", "An org.postgresql.copy.CopyIn view", (c, s) -> c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy " + s.table() + " (id, note) from stdin"),
                    (o, s) -> {
                        byte[] row = (LEAKED_ID + "\tleaked\n").getBytes();
                        ((CopyIn) o).writeToCopy(row, 0, row.length);
                        ((CopyIn) o).endCopy();
                    },
                    (o, s) -> ((CopyIn) o).endCopy()));
        }
        if (db == TestDatabase.H2) {
            kinds.add(new Kind("CastDataProvider", "An org.h2.engine.CastDataProvider view", (c, s) -> c.unwrap(org.h2.engine.CastDataProvider.class),
                    (o, s) -> ((org.h2.engine.CastDataProvider) o).zeroBasedEnums()));
        }
        return kinds;
    }

    /** A blob: a large object on PostgreSQL, which reads it over the connection; made by the driver elsewhere. */
    private static Blob blob(Connection c, Setup s) throws SQLException {
        if (s.db() == TestDatabase.POSTGRES) {
            ResultSet rs = c.createStatement().executeQuery("select lo_from_bytea(0, 'bytes'::bytea)");
            rs.next();
            return rs.getBlob(1);
        }
        Blob blob = c.createBlob();
        blob.setBytes(1, "bytes".getBytes());
        return blob;
    }

    @TestFactory
    Stream<DynamicTest> everyKindOnAnotherThreadWhileItsUnitRuns() {
        return Stream.of(TestDatabase.values()).flatMap(db -> kinds(db).stream().map(kind ->
                dynamicTest(db + " " + kind.name(), () -> onTable(db, s -> onAnotherThread(s, kind)))));
    }

    @TestFactory
    Stream<DynamicTest> everyKindAfterItsUnitEndedWhileAnotherUnitHoldsTheConnection() {
        return Stream.of(TestDatabase.values()).flatMap(db -> kinds(db).stream().map(kind ->
                dynamicTest(db + " " + kind.name(), () -> onTable(db, s -> afterTheUnit(s, kind)))));
    }

    private static void onAnotherThread(Setup s, Kind kind) throws Exception {
        try (Database db = s.db().build("confined", s.url(), 1)) {
            String owner = Thread.currentThread().getName();
            Boundary.builder("Confined.owner").database("confined").build().run(session -> {
                Object handedOut = kind.get().get(session.connection(), s);
                Throwable thrown = elsewhere(() -> kind.use().use(handedOut, s));
                assertInstanceOf(WrongThreadException.class, thrown, kind.name() + " must be confined to its thread");
                assertTrue(thrown.getMessage().contains("Confined.owner"), thrown.getMessage());
                assertTrue(thrown.getMessage().contains(owner), thrown.getMessage());
                assertTrue(thrown.getMessage().contains("confinement-intruder"), thrown.getMessage());
                assertTrue(thrown.getMessage().startsWith(kind.said() + " of the unit that boundary Confined.owner opened"
                        + " on database 'confined' on thread '" + owner + "' (#"), thrown.getMessage());
                assertTrue(thrown.getMessage().contains(" was used on thread 'confinement-intruder' (#"),
                        thrown.getMessage());
                kind.finish().use(handedOut, s);
            });
        }
        assertEquals(List.of(), committedIds(s), "the other thread's use must not have reached the connection");
    }

    private static void afterTheUnit(Setup s, Kind kind) throws Exception {
        try (Database db = s.db().build("confined", s.url(), 1)) {
            AtomicReference<Object> leaked = new AtomicReference<>();
            Boundary.builder("Confined.ended").database("confined").build().run(session -> {
                leaked.set(kind.get().get(session.connection(), s));
                kind.finish().use(leaked.get(), s);
            });
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch tried = new CountDownLatch(1);
            CompletableFuture<List<Integer>> other = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    other.complete(Boundary.builder("Confined.other").database("confined").build().call(session -> {
                        try (Statement st = session.connection().createStatement()) {
                            st.executeUpdate("insert into " + s.table() + " (id, note) values (1, 'own')");
                        }
                        holding.countDown(); // the pool's only connection is this unit's now
                        tried.await();
                        return ids(session.connection(), s);
                    }));
                } catch (Throwable e) {
                    other.completeExceptionally(e);
                } finally {
                    holding.countDown();
                }
            }, "confinement-other-unit");
            thread.start();
            holding.await();
            Throwable thrown;
            try {
                kind.use().use(leaked.get(), s);
                thrown = null;
            } catch (Throwable e) {
                thrown = e;
            } finally {
                tried.countDown();
            }
            assertInstanceOf(NoActiveUnitException.class, thrown, kind.name() + " must not outlive its unit");
            assertTrue(thrown.getMessage().contains("Confined.ended"), thrown.getMessage());
            assertTrue(thrown.getMessage().startsWith(kind.said() + " of the unit that boundary Confined.ended opened on"
                    + " database 'confined' on thread '" + Thread.currentThread().getName() + "' (#"),
                    thrown.getMessage());
            assertTrue(thrown.getMessage().contains(" was used after the unit ended ("), thrown.getMessage());
            assertEquals(List.of(1), other.get(), "the other unit must see only its own rows");
        }
        assertEquals(List.of(1), committedIds(s), "nothing of the ended unit's object may be committed");
    }

    @Test
    void theDriversClassesThatCannotBeConfinedAreRefusedNamingTheAlternative() throws Exception {
        TestDatabase.POSTGRES.assumeAvailable();
        try (Database db = TestDatabase.POSTGRES.build("refused", TestDatabase.POSTGRES.newUrl(), 1)) {
            Boundary.builder("Refused.lo").database("refused").build().run(session -> {
                PGConnection pg = session.connection().unwrap(PGConnection.class);
                GuardedConnectionException lo = assertThrows(GuardedConnectionException.class, pg::getLargeObjectAPI);
                assertTrue(lo.getMessage().contains("Refused.lo"), lo.getMessage());
                assertTrue(lo.getMessage().contains("Blob"), lo.getMessage());
                @SuppressWarnings("deprecation")
                GuardedConnectionException fastpath = assertThrows(GuardedConnectionException.class,
                        pg::getFastpathAPI);
                assertTrue(fastpath.getMessage().contains("SELECT"), fastpath.getMessage());
                // what stays usable in the unit: COPY, through the guarded CopyManager
                String table = TestDatabase.uniqueName("copy");
                try (Statement st = session.connection().createStatement()) {
                    st.execute("create temporary table " + table + " (id int, note varchar(100))");
                }
                assertEquals(2, pg.getCopyAPI().copyIn("copy " + table + " from stdin",
                        new StringReader("1\tone\n2\ttwo\n")));
            });
        }
    }

    @Test
    void noJdkInterfaceLeadsToTheDriversConnection() throws Exception {
        try (Database db = Database.builder("jdbc:h2:mem:confinedunwrap").name("confinedunwrap").build()) {
            Boundary.builder("Confined.unwrap").database("confinedunwrap").build().run(session -> {
                Connection c = session.connection();
                AutoCloseable closeable = c.unwrap(AutoCloseable.class);
                assertEquals(c, closeable, "the guarded connection itself, whose close() is harmless");
                assertFalse(c.isWrapperFor(Runnable.class));
                assertNotNull(c.unwrap(org.h2.engine.CastDataProvider.class));
                GuardedConnectionException e = assertThrows(GuardedConnectionException.class,
                        () -> c.unwrap(org.h2.engine.CastDataProvider.class).getMode());
                assertTrue(e.getMessage().contains("org.h2.engine.Mode"), e.getMessage());
            });
        }
    }

    // ---- helpers

    interface OnTable {
        void run(Setup s) throws Exception;
    }

    private static void onTable(TestDatabase db, OnTable test) throws Exception {
        db.assumeAvailable();
        String url = db.newUrl();
        String table = TestDatabase.uniqueName("confined");
        String procedure = table + "_leak";
        Setup s = new Setup(db, url, table, procedure);
        db.createTable(url, table);
        try (Connection c = db.connect(url); Statement st = c.createStatement()) {
            if (db == TestDatabase.POSTGRES) {
                st.execute("create procedure " + procedure + "() language sql as $$ " + s.insertLeak() + " $$");
            } else if (db == TestDatabase.MARIADB) {
                st.execute("create procedure " + procedure + "() " + s.insertLeak());
            }
        }
        try {
            test.run(s);
        } finally {
            try (Connection c = db.connect(url); Statement st = c.createStatement()) {
                if (db != TestDatabase.H2) {
                    st.execute("drop procedure if exists " + procedure);
                }
            }
            db.dropTable(url, table);
        }
    }

    interface Action {
        void run() throws Exception;
    }

    /** What {@code action} throws on a thread of its own; null if it returns. */
    private static Throwable elsewhere(Action action) throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                action.run();
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        }, "confinement-intruder");
        thread.start();
        return thrown.get();
    }

    private static List<Integer> committedIds(Setup s) throws SQLException {
        try (Connection c = s.db().connect(s.url())) {
            return ids(c, s);
        }
    }

    private static List<Integer> ids(Connection c, Setup s) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select id from " + s.table() + " order by id")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }
}
