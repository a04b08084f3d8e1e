package org.unitofwork.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.unitofwork.benchmarks.report.ResultsReport;

/**
 * Runs the benchmark suite and writes its results, chart and table.
 *
 * <pre>
 * mvn -q -B -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar quick|full [--out DIR] [REGEX ...]
 * </pre>
 *
 * <ul>
 *   <li>{@code quick}: 2 forks of 3 warm-up and 3 measured iterations of 1 s: a few minutes, for
 *       development;
 *   <li>{@code full}: 5 forks of 5 warm-up and 5 measured iterations of 2 s: the numbers for
 *       {@code RESULTS.md}, on a quiet machine.
 * </ul>
 *
 * <p>Every benchmark runs with JMH's GC profiler, for the bytes allocated per operation. The virtual
 * thread benchmark (B7) runs on this JVM when it has virtual threads, else on JDK 25 at
 * {@value #DEFAULT_JDK25} (or the JDK named by the system property {@code jdk25.home} or the
 * environment variable {@code JDK25_HOME}). {@code REGEX} arguments pick benchmarks as JMH's
 * {@code include} does. B4's woven method runs in forks started with the agent jar
 * ({@link WovenEntryPointBenchmark#agentArgument()}). Writes {@code DIR/MODE.json} (JMH's JSON), {@code DIR/MODE.png} and
 * {@code DIR/MODE.md} ({@link ResultsReport}); {@code DIR} is {@code benchmarks/results} beside the
 * jar's {@code target/} by default.
 */
public final class BenchmarkSuite {

    static final String DEFAULT_JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64";
    private static final String VIRTUAL_THREADS = VirtualThreadsBenchmark.class.getName();
    private static final String WOVEN = WovenEntryPointBenchmark.class.getName();

    /** How long the suite runs. */
    enum RunMode {
        QUICK(2, 3, 1, 3, 1),
        FULL(5, 5, 2, 5, 2);

        final int forks;
        final int warmupIterations;
        final int warmupSeconds;
        final int measurementIterations;
        final int measurementSeconds;

        RunMode(int forks, int warmupIterations, int warmupSeconds, int measurementIterations, int measurementSeconds) {
            this.forks = forks;
            this.warmupIterations = warmupIterations;
            this.warmupSeconds = warmupSeconds;
            this.measurementIterations = measurementIterations;
            this.measurementSeconds = measurementSeconds;
        }
    }

    private BenchmarkSuite() {
    }

    /**
     * Runs the suite.
     *
     * @param args {@code quick} or {@code full}, then optionally {@code --out DIR} and include patterns
     */
    public static void main(String[] args) throws RunnerException, IOException {
        if (args.length == 0 || !(args[0].equals("quick") || args[0].equals("full"))) {
            System.err.println("usage: java -jar benchmarks.jar quick|full [--out DIR] [REGEX ...]");
            System.exit(2);
        }
        RunMode mode = RunMode.valueOf(args[0].toUpperCase(Locale.ROOT));
        Path out = defaultResultsDirectory();
        List<String> includes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else {
                includes.add(args[i]);
            }
        }
        Files.createDirectories(out);
        String conditions = conditions("before");

        List<RunResult> results = new ArrayList<>();
        results.addAll(run(options(mode, includes).exclude(Pattern.quote(VIRTUAL_THREADS))
                .exclude(Pattern.quote(WOVEN))));
        if (selects(includes, WOVEN)) {
            results.addAll(run(options(mode, includes).exclude("^(?!" + Pattern.quote(WOVEN + ".") + ")")
                    .jvmArgsAppend(WovenEntryPointBenchmark.agentArgument())));
        }
        results.addAll(runVirtualThreadBenchmark(options(mode, includes)
                .exclude("^(?!" + Pattern.quote(VIRTUAL_THREADS + ".") + ")")));

        Path json = out.resolve(mode.name().toLowerCase(Locale.ROOT) + ".json");
        try (PrintStream file = new PrintStream(Files.newOutputStream(json), true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, file).writeOut(results);
        }
        List<Path> written = ResultsReport.write(json);
        Path table = written.get(1);
        Files.writeString(table, Files.readString(table) + "### Conditions\n\n```\n" + conditions
                + conditions("after") + "command: java -jar benchmarks.jar " + String.join(" ", args) + "\n```\n");
        System.out.println("wrote " + json);
        written.forEach(path -> System.out.println("wrote " + path));
    }

    private static ChainedOptionsBuilder options(RunMode mode, List<String> includes) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(mode.forks)
                .warmupIterations(mode.warmupIterations)
                .warmupTime(TimeValue.seconds(mode.warmupSeconds))
                .measurementIterations(mode.measurementIterations)
                .measurementTime(TimeValue.seconds(mode.measurementSeconds))
                .jvmArgs("-Xms1g", "-Xmx1g")
                .addProfiler(GCProfiler.class);
        if (includes.isEmpty()) {
            options.include(Pattern.quote(BenchmarkSuite.class.getPackageName() + "."));
        }
        includes.forEach(options::include);
        return options;
    }

    /**
     * Whether the include patterns select benchmarks of the class, as JMH's {@code include} would:
     * asked before preparing what only that class needs.
     */
    private static boolean selects(List<String> includes, String benchmarkClass) {
        return includes.isEmpty() || includes.stream().anyMatch(regex -> Pattern.compile(regex).matcher(benchmarkClass + ".")
                .find());
    }

    /** Runs what the options select; nothing when they select no benchmark. */
    private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
        try {
            return new Runner(options.build()).run();
        } catch (NoBenchmarksException e) {
            return List.of();
        }
    }

    /** Runs the virtual thread benchmark's selected methods on a JVM that has virtual threads. */
    private static Collection<RunResult> runVirtualThreadBenchmark(ChainedOptionsBuilder options)
            throws RunnerException {
        if (!VirtualThreadsState.available()) {
            Optional<String> java = jdk25Java();
            if (java.isEmpty()) {
                System.err.println("Skipping " + VIRTUAL_THREADS + ": it needs JDK 21+, and no JDK 25 was found at "
                        + DEFAULT_JDK25 + " (set -Djdk25.home or JDK25_HOME).");
                return List.of();
            }
            options.jvm(java.get());
        }
        return run(options);
    }

    /** The {@code java} of JDK 25, when one is installed where the property, the variable or the default says. */
    static Optional<String> jdk25Java() {
        String home = System.getProperty("jdk25.home", System.getenv().getOrDefault("JDK25_HOME", DEFAULT_JDK25));
        Path java = Path.of(home, "bin", "java");
        return Files.isExecutable(java) ? Optional.of(java.toString()) : Optional.empty();
    }

    private static Path defaultResultsDirectory() {
        try {
            Path jar = Path.of(BenchmarkSuite.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = jar.getParent();
            return target.getParent().resolve("results");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("results");
        }
    }

    /** The machine and how busy it is, for the record: results from a busy machine say so. */
    private static String conditions(String when) {
        StringBuilder s = new StringBuilder();
        if (when.equals("before")) {
            s.append("started: ").append(Instant.now()).append('\n')
                    .append("launcher JVM: ").append(System.getProperty("java.vm.name")).append(' ')
                    .append(Runtime.version()).append('\n')
                    .append("os: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                    .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores")
                    .append(cpuModel().map(model -> ", " + model).orElse("")).append('\n');
        } else {
            s.append("finished: ").append(Instant.now()).append('\n');
        }
        s.append("load average ").append(when).append(": ")
                .append(String.format(Locale.ROOT, "%.2f",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append('\n');
        return s.toString();
    }

    private static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .findFirst().map(line -> line.substring(line.indexOf(':') + 1).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
