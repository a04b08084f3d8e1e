package org.unitofwork.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles the README's example the way a build configured as the README says compiles it, with the
 * compiler of the JDK running the tests (run the module's tests on JDK 17 and on JDK 25 to check both):
 * the application's class path holds the runtime only, and the processor comes from a processor path
 * of its own, which is what Maven's {@code annotationProcessorPaths} and Gradle's
 * {@code annotationProcessor} configuration give javac. No {@code -processor} option: the compiler
 * finds the processor through {@code META-INF/services}, as in a user's build.
 */
class DocumentedSetupTest {
    /** The README's example, which {@code src/it/readme-example} also builds with Maven. */
    private static final Path SAMPLE = Path.of("src/it/readme-example/src/main/java/com/example/shop");

    @Test
    void exampleCompilesWithTheProcessorOnItsOwnPath(@TempDir Path output) throws IOException {
        StringWriter diagnostics = new StringWriter();
        boolean compiled = compile(output, List.of("-processorpath", processorPath()), diagnostics, "AccountService", "Shop");
        assertTrue(compiled, diagnostics.toString());
        assertTrue(Files.exists(output.resolve("classes/com/example/shop/ManagedAccountService.class")), "wrapper compiled");
        assertEquals("", diagnostics.toString(), "no warning");
    }

    /** Why the README insists on a processor path: since JDK 23, javac ignores processors on the class path. */
    @Test
    void processorOnlyOnTheClassPathIsIgnoredFromJdk23(@TempDir Path output) throws IOException {
        assumeTrue(Runtime.version().feature() >= 23, "JDK 22 and older still run processors found on the class path");
        StringWriter diagnostics = new StringWriter();
        List<String> classPathWithProcessor = List.of("-classpath", processorPath());
        assertTrue(compile(output, classPathWithProcessor, diagnostics, "AccountService"), diagnostics.toString());
        assertFalse(Files.exists(output.resolve("classes/com/example/shop/ManagedAccountService.class")));
    }

    private static boolean compile(Path output, List<String> processorOptions, StringWriter diagnostics, String... types)
            throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> options = new ArrayList<>(List.of("--release", "17", "-Xlint:all,-processing",
                "-classpath", runtimePath(),
                "-d", Files.createDirectories(output.resolve("classes")).toString(),
                "-s", Files.createDirectories(output.resolve("generated")).toString()));
        // a later -classpath replaces the one above
        options.addAll(processorOptions);
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            List<Path> sources = new ArrayList<>();
            for (String type : types) {
                sources.add(SAMPLE.resolve(type + ".java"));
            }
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            return javac.getTask(diagnostics, files, null, options, null, units).call();
        }
    }

    /** The application's class path: the runtime and what it needs. */
    private static String runtimePath() {
        return classPathEntries("unitofwork-runtime", "runtime/target/classes", "HikariCP", "slf4j-api");
    }

    /** What a build resolves for the processor artifact: the processor and its dependencies. */
    private static String processorPath() {
        return classPathEntries("processor/target/classes", "unitofwork-runtime", "runtime/target/classes", "javapoet",
                "HikariCP", "slf4j-api");
    }

    private static String classPathEntries(String... markers) {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String normalized = entry.replace(File.separatorChar, '/');
            for (String marker : markers) {
                boolean testCode = normalized.endsWith("-tests.jar") || normalized.endsWith("/test-classes");
                if (normalized.contains(marker) && !testCode) {
                    entries.add(entry);
                    break;
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
