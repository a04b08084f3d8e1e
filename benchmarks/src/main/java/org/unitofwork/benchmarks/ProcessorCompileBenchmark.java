package org.unitofwork.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.unitofwork.processor.UnitOfWorkProcessor;

/**
 * B9: what the annotation processor adds to a compilation. The same {@code javac} run, in this JVM,
 * on 1,000 {@code @UnitOfWork} methods (50 classes of 20, each taking an injected {@code Session}),
 * once without annotation processing ({@code javacAlone}, the floor) and once with the processor,
 * which then also writes and compiles the 50 wrappers ({@code javacWithProcessor}). Each invocation
 * is one whole compilation. Target: with the processor ≤ 1.10 × without.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ProcessorCompileBenchmark {
    static final int CLASSES = 50;
    static final int METHODS_PER_CLASS = 20;

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private Path directory;
    private List<String> sources;

    @Setup(Level.Trial)
    public void writeSources() throws IOException {
        directory = Files.createTempDirectory("unitofwork-b9");
        Path packageDirectory = Files.createDirectories(directory.resolve("src/shop"));
        sources = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            StringBuilder source = new StringBuilder("package shop;\n\n")
                    .append("import java.sql.SQLException;\nimport org.unitofwork.Session;\nimport org.unitofwork.UnitOfWork;\n\n")
                    .append("public class Service").append(c).append(" {\n");
            for (int m = 0; m < METHODS_PER_CLASS; m++) {
                source.append("    @UnitOfWork\n    public int operation").append(m)
                        .append("(Session session, int amount) throws SQLException {\n        return amount + ").append(m)
                        .append(";\n    }\n\n");
            }
            Path file = packageDirectory.resolve("Service" + c + ".java");
            Files.writeString(file, source.append("}\n"));
            sources.add(file.toString());
        }
    }

    @TearDown(Level.Trial)
    public void deleteSources() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    @Benchmark
    public int javacAlone() {
        return compile("-proc:none");
    }

    @Benchmark
    public int javacWithProcessor() {
        return compile("-processor", UnitOfWorkProcessor.class.getName(), "-processorpath",
                System.getProperty("java.class.path"));
    }

    /** Compiles every source into a fresh output directory; returns javac's exit status, 0. */
    private int compile(String... processing) {
        try {
            Path output = Files.createTempDirectory(directory, "out");
            List<String> arguments = new ArrayList<>(List.of(processing));
            arguments.addAll(List.of("--release", "17", "-cp", System.getProperty("java.class.path"),
                    "-d", output.toString(), "-s", output.toString()));
            arguments.addAll(sources);
            int status = javac.run(null, null, null, arguments.toArray(String[]::new));
            if (status != 0) {
                throw new IllegalStateException("javac failed (status " + status + ") with " + arguments.subList(0, 4));
            }
            return status;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
