package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unitofwork.scenarios.TestDatabase;
import org.unitofwork.spi.ConnectionHeld;
import org.unitofwork.spi.UnitEnded;
import org.unitofwork.spi.UnitObserver;

/**
 * A unit that holds its connection longer than its budget is reported once, as it gives the connection
 * back: to the observers, in a JFR event and as a warning in the log, with the time held, the time inside
 * statements and outside them, and where it borrowed the connection. Units that hold it while they
 * sleep, and units whose statements run long, on H2, PostgreSQL and MariaDB.
 */
class ConnectionHoldBudgetTest {
    private static final long SLEEP_MILLIS = 400;
    private TestDatabase on;
    private Database db;
    private final List<ConnectionHeld> heard = new CopyOnWriteArrayList<>();

    private void open(TestDatabase database, Duration budget) throws SQLException {
        database.assumeAvailable();
        on = database;
        String url = database.newUrl();
        db = database.builder(url).name(TestDatabase.uniqueName("held")).poolSize(2).connectionHoldBudget(budget)
                .build();
        db.addObserver(new UnitObserver() {
            @Override
            public void unitEnded(UnitEnded unit) {
            }

            @Override
            public void connectionHeldTooLong(ConnectionHeld held) {
                heard.add(held);
            }
        });
        if (database == TestDatabase.H2) {
            try (Connection c = database.connect(url); Statement s = c.createStatement()) {
                s.execute("create alias if not exists sleep_ms for 'java.lang.Thread.sleep(long)'");
            }
        }
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aUnitThatSleepsHoldingItsConnectionIsReportedOnceWithWhereItBorrowedIt(TestDatabase database)
            throws Exception {
        open(database, Duration.ofMillis(150));
        db.run(session -> {
            query(session, "select 1");
            Thread.sleep(SLEEP_MILLIS); // a remote call, say, while the connection stays borrowed
            query(session, "select 1");
        });
        assertEquals(1, heard.size(), heard.toString());
        ConnectionHeld held = heard.get(0);
        assertEquals("Database.run", held.boundary());
        assertEquals(db.name(), held.database());
        assertEquals(Thread.currentThread().getName(), held.thread());
        assertEquals(2, held.statements());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(150), held.budgetNanos());
        assertTrue(held.heldNanos() >= TimeUnit.MILLISECONDS.toNanos(SLEEP_MILLIS), held.toString());
        assertTrue(held.heldNanos() - held.inStatementsNanos() >= TimeUnit.MILLISECONDS.toNanos(SLEEP_MILLIS),
                "the sleep counts outside the statements: " + held);
        assertTrue(held.borrowedAt().stream().anyMatch(frame -> frame.getClassName().equals(getClass().getName())),
                "the stack reaches the code that asked for the connection: " + held.borrowedAt());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aUnitWhoseStatementsRunLongIsReportedWithTheTimeInsideThem(TestDatabase database) throws Exception {
        open(database, Duration.ofMillis(150));
        String sleep = database == TestDatabase.H2 ? "call sleep_ms(" + SLEEP_MILLIS + ")"
                : database == TestDatabase.POSTGRES ? "select pg_sleep(" + SLEEP_MILLIS / 1000.0 + ")"
                : "select sleep(" + SLEEP_MILLIS / 1000.0 + ")";
        db.run(session -> query(session, sleep));
        assertEquals(1, heard.size(), heard.toString());
        ConnectionHeld held = heard.get(0);
        assertEquals(1, held.statements());
        assertTrue(held.inStatementsNanos() >= TimeUnit.MILLISECONDS.toNanos(SLEEP_MILLIS), held.toString());
        assertTrue(held.inStatementsNanos() <= held.heldNanos(), held.toString());
    }

    @Test
    void aUnitWithinItsBudgetAndAUnitWithoutABudgetAreNotReported() throws Exception {
        open(TestDatabase.H2, Duration.ofSeconds(5));
        db.run(session -> query(session, "select 1"));
        Boundary unlimited = Boundary.builder("Batch.run").database(db.name()).connectionHoldBudgetMillis(0).build();
        unlimited.run(session -> {
            query(session, "select 1");
            Thread.sleep(200);
        });
        Boundary.builder("Lazy.run").database(db.name()).connectionHoldBudgetMillis(1).build()
                .run(session -> Thread.sleep(50)); // never borrowed: held nothing
        assertEquals(List.of(), heard);
    }

    @Test
    void aBoundarysBudgetOverridesItsDatabasesAndNoDatabaseHasOneUnlessSet() throws Exception {
        open(TestDatabase.H2, Duration.ZERO);
        db.run(session -> {
            query(session, "select 1");
            Thread.sleep(200);
        });
        assertEquals(List.of(), heard, "no budget by default");
        Boundary tight = Boundary.builder("Checkout.pay").database(db.name()).connectionHoldBudgetMillis(100).build();
        tight.run(session -> {
            query(session, "select 1");
            Thread.sleep(200);
        });
        assertEquals(1, heard.size());
        assertEquals("Checkout.pay", heard.get(0).boundary());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), heard.get(0).budgetNanos());
    }

    @Test
    void aJfrRecordingGetsTheEvent(@TempDir Path dir) throws Exception {
        open(TestDatabase.H2, Duration.ofMillis(100));
        Path file = dir.resolve("held.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("org.unitofwork.ConnectionHeld");
            recording.start();
            db.run(session -> {
                query(session, "select 1");
                Thread.sleep(200);
            });
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("org.unitofwork.ConnectionHeld"))
                .collect(Collectors.toList());
        assertEquals(1, events.size(), events.toString());
        RecordedEvent event = events.get(0);
        assertEquals("Database.run", event.getString("boundary"));
        assertEquals(db.name(), event.getString("database"));
        assertTrue(event.getDuration("held").toMillis() >= 200, event.toString());
        assertEquals(100, event.getDuration("budget").toMillis());
        assertEquals(1, event.getInt("statements"));
        assertTrue(event.getString("borrowedAt").contains(getClass().getName()), event.getString("borrowedAt"));
        assertEquals(Thread.currentThread().getName(), event.getThread().getJavaName());
    }

    @Test
    void theWarningNamesTheUnitItsTimesAndTheStackWhereItBorrowed(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("warning.log");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.logFile=System.out", SleepingUnit.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(exited, "the JVM did not end within 60 s:\n" + output);
        assertEquals(0, process.exitValue(), output);
        List<String> warnings = output.lines().filter(l -> l.contains("held its connection")).collect(Collectors.toList());
        assertEquals(1, warnings.size(), output);
        assertTrue(warnings.get(0).matches("\\[main\\] WARN org\\.unitofwork\\.Unit - The unit that boundary Report\\.export"
                + " opened on database 'sleeping' on thread 'main' \\(#\\d+\\) held its connection for 0\\.[2-9]\\d\\d s, longer than its"
                + " budget of 0\\.100 s: 0\\.\\d{3} s inside its 1 statement\\(s\\), 0\\.[2-9]\\d\\d s outside them\\..*"
                + "do it before or after the unit, or split the unit.*"), warnings.get(0));
        assertTrue(output.contains("HeldTooLong$Borrowed: the unit's connection was borrowed here")
                && output.contains("at " + SleepingUnit.class.getName() + ".lambda$main$"), output);
    }

    @Test
    void aNegativeBudgetIsRefusedNamingIt() {
        BoundaryConfigurationException boundary = assertThrows(BoundaryConfigurationException.class,
                () -> Boundary.builder("Report.export").connectionHoldBudgetMillis(-2).build());
        assertTrue(boundary.getMessage().contains("Boundary Report.export: connectionHoldBudgetMillis must be -1"),
                boundary.getMessage());
        DatabaseConfigurationException database = assertThrows(DatabaseConfigurationException.class,
                () -> Database.builder("jdbc:h2:mem:x").name("reports").connectionHoldBudget(Duration.ofSeconds(-1)));
        assertTrue(database.getMessage().contains("Database 'reports': the connection hold budget"),
                database.getMessage());
    }

    private static void query(Session session, String sql) throws SQLException {
        try (Statement s = session.connection().createStatement()) {
            s.execute(sql);
        }
    }

    /** A unit over its budget, in a JVM of its own whose log goes to standard output. */
    static final class SleepingUnit {
        public static void main(String[] args) throws Exception {
            try (Database db = Database.builder("jdbc:h2:mem:sleeping").name("sleeping")
                    .connectionHoldBudget(Duration.ofMillis(100)).build()) {
                Boundary.builder("Report.export").database("sleeping").build().run(session -> {
                    query(session, "select 1");
                    Thread.sleep(300);
                });
            }
        }
    }
}
