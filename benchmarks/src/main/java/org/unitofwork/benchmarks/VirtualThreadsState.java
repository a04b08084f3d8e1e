package org.unitofwork.benchmarks;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Runs units on virtual threads, one thread per unit, and records with JFR every time a virtual
 * thread pins its carrier ({@code jdk.VirtualThreadPinned}, threshold 0). At the end of the trial
 * (warm-up included) it prints how many pinning events there were, counted by top frame and JFR's
 * pinned reason, how many had the runtime ({@code org.unitofwork}, outside the benchmarks) on the
 * stack, and the first of those in full.
 *
 * <p>The module compiles for Java 17, so virtual threads are reached by reflection; on a JDK without
 * them the set-up fails and says which JDK to use.
 */
@State(Scope.Benchmark)
public class VirtualThreadsState {

    private static final String PINNED = "jdk.VirtualThreadPinned";
    private static final String RUNTIME_PACKAGE = "org.unitofwork.";
    private static final String BENCHMARKS_PACKAGE = "org.unitofwork.benchmarks.";

    private Method newVirtualThreadPerTaskExecutor;
    private Recording pinning;
    private String benchmark;

    /** Finds virtual threads and starts recording pinning. */
    @Setup(Level.Trial)
    public void start(BenchmarkParams params) {
        benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        newVirtualThreadPerTaskExecutor = virtualThreadExecutorFactory();
        pinning = new Recording();
        pinning.enable(PINNED).withThreshold(Duration.ZERO).withStackTrace();
        pinning.start();
    }

    /** Stops recording and prints the pinning events. */
    @TearDown(Level.Trial)
    public void reportPinning() throws IOException {
        if (pinning == null) {
            return;
        }
        Path file = Files.createTempFile("unitofwork-pinning", ".jfr");
        try {
            pinning.stop();
            pinning.dump(file);
            int total = 0;
            int withRuntime = 0;
            Map<String, Integer> byTopFrame = new TreeMap<>();
            RecordedEvent firstWithRuntime = null;
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                if (event.getEventType().getName().equals(PINNED)) {
                    total++;
                    if (hasRuntimeFrame(event)) {
                        withRuntime++;
                        if (firstWithRuntime == null) {
                            firstWithRuntime = event;
                        }
                    }
                    byTopFrame.merge(topFrame(event) + pinnedReason(event), 1, Integer::sum);
                }
            }
            System.out.println("[virtual threads] " + benchmark + ": " + total + " " + PINNED + " events, "
                    + withRuntime + " with org.unitofwork runtime frames on the stack" + (total == 0 ? ""
                            : "; top frames and reasons: " + byTopFrame));
            if (firstWithRuntime != null) {
                System.out.println("[virtual threads] the first of them: " + firstWithRuntime);
            }
        } finally {
            pinning.close();
            Files.deleteIfExists(file);
        }
    }

    /**
     * Starts {@code count} virtual threads that each run {@code unit} once and waits for all of them.
     *
     * @throws ExecutionException when a unit failed, a pool timeout included: the benchmark then fails
     */
    public void runOnVirtualThreads(int count, Callable<?> unit) throws InterruptedException, ExecutionException {
        ExecutorService executor = newExecutor();
        try {
            List<Future<?>> units = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                units.add(executor.submit(unit));
            }
            for (Future<?> done : units) {
                done.get();
            }
        } finally {
            executor.shutdown();
        }
    }

    /** Whether this JDK has virtual threads (21 and later). */
    public static boolean available() {
        try {
            Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private ExecutorService newExecutor() {
        try {
            return (ExecutorService) newVirtualThreadPerTaskExecutor.invoke(null);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot start virtual threads: " + e, e);
        }
    }

    private static Method virtualThreadExecutorFactory() {
        try {
            return Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Virtual threads need JDK 21 or later; this is JDK "
                    + Runtime.version() + ". Run this benchmark on JDK 25 (the suite does, see BenchmarkSuite).", e);
        }
    }

    /** Why the thread was pinned, where the JDK says (JDK 24 and later). */
    private static String pinnedReason(RecordedEvent event) {
        return event.hasField("pinnedReason") ? " (" + event.getString("pinnedReason") + ")" : "";
    }

    private static String topFrame(RecordedEvent event) {
        if (event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) {
            return "(no stack trace)";
        }
        RecordedFrame top = event.getStackTrace().getFrames().get(0);
        return top.getMethod().getType().getName() + "." + top.getMethod().getName();
    }

    private static boolean hasRuntimeFrame(RecordedEvent event) {
        if (event.getStackTrace() == null) {
            return false;
        }
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith(RUNTIME_PACKAGE) && !type.startsWith(BENCHMARKS_PACKAGE)) {
                return true;
            }
        }
        return false;
    }
}
