package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unitofwork.scenarios.TestDatabase;

/**
 * S21: units of work on virtual threads never pin a carrier thread in the runtime's own code. A JFR
 * recording of {@code jdk.VirtualThreadPinned} events is taken while thousands of virtual threads
 * run units on a small pool, from a cold start; no event may be caused by the runtime.
 */
class VirtualThreadPinningTest {
    private static final int THREADS = 2_000;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void s21_noPinnedVirtualThreadEventComesFromTheRuntime(TestDatabase target, @TempDir Path dir) throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+; CI runs this on JDK 25");
        target.assumeAvailable();
        String url = target.newUrl();
        String table = TestDatabase.uniqueName("uow_v");
        target.createTable(url, table);
        Path file = dir.resolve("pinning.jfr");
        try (Database db = target.build("pinning", url, 10)) {
            Boundary unit = Boundary.builder("Pinning.insert").database("pinning").build();
            try (Recording recording = new Recording()) {
                recording.enable("jdk.VirtualThreadPinned").withThreshold(java.time.Duration.ZERO).withStackTrace();
                recording.start();
                runOnVirtualThreads(THREADS, id -> unit.run(session -> {
                    try (Statement s = session.connection().createStatement()) {
                        s.executeUpdate("insert into " + table + " (id, note) values (" + id + ", 'v')");
                    }
                }));
                recording.stop();
                recording.dump(file);
            }
            assertEquals(0, db.activeConnections());
            List<String> ours = new ArrayList<>();
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                if (blamesTheRuntime(event)) {
                    ours.add(event.toString());
                }
            }
            assertTrue(ours.isEmpty(), "virtual threads pinned in the runtime at " + ours);
        } finally {
            target.dropTable(url, table);
        }
    }

    /**
     * Whether the runtime caused the pinning: it blocked in a runtime frame, or the reason the JVM
     * gives names a runtime class. Events that only pass through the runtime on their way into a
     * driver or the pool (H2's synchronized native calls, a pool class being initialized) are not.
     */
    private static boolean blamesTheRuntime(RecordedEvent event) {
        String reason = event.hasField("pinnedReason") ? event.getString("pinnedReason") : "";
        if (reason.contains("org.unitofwork.")) {
            return true;
        }
        List<RecordedFrame> frames = event.getStackTrace() == null ? List.of() : event.getStackTrace().getFrames();
        return !frames.isEmpty() && frames.get(0).getMethod().getType().getName().startsWith("org.unitofwork.");
    }

    /** Runs {@code task} for ids 0..count-1, each on its own virtual thread, and waits for all. */
    private static void runOnVirtualThreads(int count, Task task) throws Exception {
        ExecutorService executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
                .invoke(null);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int id = i;
                futures.add(executor.submit(() -> {
                    task.run(id);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            executor.shutdown();
        }
    }

    @FunctionalInterface
    private interface Task {
        void run(int id) throws Exception;
    }
}
