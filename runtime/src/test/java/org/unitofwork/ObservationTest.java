package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitofwork.spi.UnitEnded;

/** Units report how they ended: to observers, to a real JFR recording, and to the debug log. */
class ObservationTest {
    private Database db;
    private final List<UnitEnded> ended = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void open() {
        db = Database.builder("jdbc:h2:mem:observed;DB_CLOSE_DELAY=-1").name("observed").build();
        db.addObserver(ended::add);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private final Boundary unit = Boundary.builder("Orders.place(Order)").database("observed").build();

    @Test
    void aCommittedUnitReportsItsBoundaryStatementsAndTimes() throws Exception {
        unit.run(session -> {
            try (Statement s = session.connection().createStatement()) {
                s.execute("select 1");
                s.executeQuery("select 2").close();
            }
            Boundary.builder("Orders.check").database("observed").build().run(inner -> { });
        });
        assertEquals(1, ended.size(), "the joined boundary is part of the unit, not a unit of its own");
        UnitEnded u = ended.get(0);
        assertEquals("Orders.place(Order)", u.boundary());
        assertEquals("observed", u.database());
        assertEquals(Outcome.COMMITTED, u.outcome());
        assertNull(u.rollbackCause());
        assertEquals(2, u.statements());
        assertTrue(u.connectionWaitNanos() > 0, u.toString());
        assertTrue(u.durationNanos() >= u.connectionWaitNanos(), u.toString());
        assertEquals(0, u.attempt());
    }

    @Test
    void aFailedUnitReportsWhatMadeItRollBack() {
        IllegalStateException thrown = new IllegalStateException("out of stock");
        assertThrows(IllegalStateException.class, () -> unit.run(session -> {
            session.connection();
            throw thrown;
        }));
        assertEquals(Outcome.ROLLED_BACK, ended.get(0).outcome());
        assertSame(thrown, ended.get(0).rollbackCause());
    }

    @Test
    void aUnitAskedToRollBackReportsNoCauseAndOneThatNeverBorrowedReportsNoWait() throws Exception {
        unit.run(Session::setRollbackOnly);
        assertEquals(Outcome.ROLLED_BACK, ended.get(0).outcome());
        assertNull(ended.get(0).rollbackCause());
        assertEquals(0, ended.get(0).connectionWaitNanos());
        assertEquals(0, ended.get(0).statements());
    }

    @Test
    void eachAttemptOfARetriedUnitIsReported() throws Exception {
        Boundary retried = Boundary.builder("Orders.retried").database("observed").retries(1).build();
        int[] runs = {0};
        retried.run(session -> {
            if (runs[0]++ == 0) {
                throw new SQLException("could not serialize access", "40001");
            }
        });
        assertEquals(List.of(0, 1), ended.stream().map(UnitEnded::attempt).collect(Collectors.toList()));
        assertEquals("40001", ((SQLException) ended.get(0).rollbackCause()).getSQLState());
        assertEquals(Outcome.COMMITTED, ended.get(1).outcome());
    }

    @Test
    void aFailingObserverChangesNothingAndTheOthersStillHear() throws Exception {
        List<UnitEnded> second = new ArrayList<>();
        db.addObserver(u -> {
            throw new IllegalStateException("observer broken");
        });
        db.addObserver(second::add);
        assertEquals(1, db.<Integer, RuntimeException>call(session -> 1));
        assertEquals(1, ended.size());
        assertEquals(1, second.size());
    }

    @Test
    void aRemovedObserverHearsNoMore() throws Exception {
        db.removeObserver(ended::add); // another lambda object: nothing is removed
        db.run(session -> { });
        assertEquals(1, ended.size());
        List<UnitEnded> removed = new ArrayList<>();
        org.unitofwork.spi.UnitObserver observer = removed::add;
        db.addObserver(observer);
        db.removeObserver(observer);
        db.run(session -> { });
        assertEquals(0, removed.size());
        assertEquals(2, ended.size());
    }

    @Test
    void aJfrRecordingGetsOneEventPerUnit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("units.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("org.unitofwork.Unit");
            recording.start();
            unit.run(session -> {
                try (Statement s = session.connection().createStatement()) {
                    s.execute("select 1");
                }
            });
            assertThrows(IOException.class, () -> unit.run(session -> {
                throw new IOException("disk full");
            }));
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("org.unitofwork.Unit"))
                .collect(Collectors.toList());
        assertEquals(2, events.size(), events.toString());
        RecordedEvent committed = events.get(0);
        assertEquals("Orders.place(Order)", committed.getString("boundary"));
        assertEquals("observed", committed.getString("database"));
        assertEquals("COMMITTED", committed.getString("outcome"));
        assertEquals("", committed.getString("rollbackCause"));
        assertEquals(1, committed.getInt("statements"));
        assertTrue(committed.getDuration("connectionWait").toNanos() > 0);
        assertTrue(committed.getDuration().compareTo(committed.getDuration("connectionWait")) >= 0);
        RecordedEvent rolledBack = events.get(1);
        assertEquals("ROLLED_BACK", rolledBack.getString("outcome"));
        assertEquals("java.io.IOException", rolledBack.getString("rollbackCause"));
        assertEquals(0, rolledBack.getInt("statements"));
    }

    @Test
    void theDebugLogHasOneLinePerUnit(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("debug.log");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.log.org.unitofwork=debug", "-Dorg.slf4j.simpleLogger.logFile=System.out",
                LoggedUnits.class.getName()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(exited, "the JVM logging the units did not end within 60 s:\n" + output);
        assertEquals(0, process.exitValue(), output);
        List<String> lines = output.lines().filter(l -> l.contains(" boundary Logged.")).collect(Collectors.toList());
        assertEquals(2, lines.size(), output);
        assertTrue(lines.get(0).matches("\\[main\\] DEBUG org\\.unitofwork\\.Unit - The unit that boundary"
                + " Logged\\.commit opened on database 'logged' on thread 'main' \\(#\\d+\\): COMMITTED in"
                + " \\d+\\.\\d{3} ms \\(connection wait \\d+\\.\\d{3} ms, 1 statements\\)"), lines.get(0));
        assertTrue(lines.get(1).matches("\\[main\\] DEBUG org\\.unitofwork\\.Unit - The unit that boundary"
                + " Logged\\.fail opened on database 'logged' on thread 'main' \\(#\\d+\\): ROLLED_BACK in"
                + " \\d+\\.\\d{3} ms \\(connection wait 0\\.000 ms, 0 statements\\): java\\.lang\\.IllegalStateException:"
                + " refused"), lines.get(1));
    }

    /** Runs two units in a JVM of its own, whose log level is debug from the start. */
    static final class LoggedUnits {
        public static void main(String[] args) throws Exception {
            try (Database db = Database.builder("jdbc:h2:mem:logged").name("logged").build()) {
                Boundary.builder("Logged.commit").database("logged").build().run(session -> {
                    try (Statement s = session.connection().createStatement()) {
                        s.execute("select 1");
                    }
                });
                try {
                    Boundary.builder("Logged.fail").database("logged").build().run(session -> {
                        throw new IllegalStateException("refused");
                    });
                } catch (IllegalStateException expected) {
                    // logged by the unit
                }
            }
        }
    }
}
