package org.unitofwork.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitofwork.UnitOfWork;
import org.unitofwork.processor.WrappedEnvironmentProcessor.FilerCall;

/**
 * The processor as Gradle's incremental Java compilation sees it. Its jar declares it isolating in
 * {@code META-INF/gradle/incremental.annotation.processors}, and Gradle then relies on it to behave as
 * one: every generated file names exactly one originating element, whose top-level type Gradle records
 * as the file's origin; it reads no annotation that class files do not keep; and the output for a type
 * depends on that type alone, so that recompiling one class regenerates its wrapper, unchanged, and
 * nothing else. Everything here runs the real processor in javac, behind a recording environment like
 * Gradle's; the golden inputs and outputs are those of {@link GoldenSourcesTest}.
 */
class IncrementalProcessingTest {
    private static final String METADATA = "META-INF/gradle/incremental.annotation.processors";
    private static final String SERVICES = "META-INF/services/" + Processor.class.getName();
    private static final String PACKAGE = "com.example";

    @Test
    void metadataDeclaresTheRegisteredProcessorIsolating() throws IOException {
        List<String> entries = lines(METADATA);
        assertEquals(1, entries.size(), METADATA + " holds one processor: " + entries);
        String[] entry = entries.get(0).split(",");
        assertEquals(2, entry.length, METADATA + ": <processor class>,<category>: " + entries.get(0));
        assertEquals(UnitOfWorkProcessor.class.getName(), entry[0].trim(), "the processor " + METADATA + " names");
        assertEquals("isolating", entry[1].trim(), "the category " + METADATA + " declares");
        assertEquals(List.of(entry[0].trim()), lines(SERVICES), "the processors " + SERVICES + " registers");
    }

    @Test
    void everyGeneratedFileHasOneOriginatingElementTheTypeThatHoldsTheAnnotatedMethods(@TempDir Path directory) throws Exception {
        for (String golden : goldenCases()) {
            WrappedEnvironmentProcessor processor = new WrappedEnvironmentProcessor();
            compile(directory.resolve(golden), processor, List.of(), inputs(golden), List.of(), List.of());

            List<String> files = new ArrayList<>();
            for (String read : processor.resourcesRead()) {
                // what a wrapper depends on besides its type: the session-kind markers of the class path,
                // which changes only with the dependencies, when Gradle recompiles everything
                assertTrue(read.startsWith("CLASS_PATH:/org/unitofwork/sessionkinds/"),
                        golden + ": the processor reads only session-kind markers of the class path, not " + read);
            }
            for (FilerCall call : processor.filesWritten()) {
                String file = golden + ": " + call.kind() + " " + call.name();
                assertEquals("source", call.kind(), file + ": the processor writes only sources");
                files.add(call.name());
                assertEquals(1, call.originatingElements().size(), file + ": originating elements " + call.originatingElements());
                TypeElement origin = assertInstanceOf(TypeElement.class, call.originatingElements().get(0), file + ": its origin");
                assertTrue(holdsUnitOfWork(origin), file + ": its origin " + origin + " has no @UnitOfWork on itself or its methods");
                assertEquals(PACKAGE + ".Managed" + String.join("_", enclosingNames(origin)), call.name(),
                        file + ": the wrapper's name, from its origin " + origin);
                TypeElement topLevel = topLevel(origin);
                assertTrue(inputs(golden).stream().anyMatch(f -> f.getName().endsWith("/" + topLevel.getSimpleName() + ".java")),
                        file + ": the top-level type Gradle records as its origin, " + topLevel + ", is one of the sources compiled");
            }
            assertEquals(javaFiles(golden + "/expected"), files.stream().map(f -> f.substring(PACKAGE.length() + 1) + ".java").sorted().toList(),
                    golden + ": the files generated, each through the filer");
        }
    }

    @Test
    void readsOnlyWhatClassFilesKeep(@TempDir Path directory) throws Exception {
        for (String supported : new UnitOfWorkProcessor().getSupportedAnnotationTypes()) {
            Retention retention = Class.forName(supported).getAnnotation(Retention.class);
            assertNotNull(retention, supported + " has no @Retention, so it is CLASS: not visible to reflection either");
            assertNotEquals(RetentionPolicy.SOURCE, retention.value(), supported + "'s retention");
        }
        // A class file keeps CLASS and RUNTIME annotations only (and parameter names with -parameters): the
        // processor run on the compiled types, as javac does for class names, must write the same wrappers.
        for (String golden : goldenCases()) {
            Path fromSources = directory.resolve(golden).resolve("sources");
            compile(fromSources, new UnitOfWorkProcessor(), List.of("-parameters"), inputs(golden), List.of(), List.of());
            Path fromClasses = directory.resolve(golden).resolve("classes");
            compile(fromClasses, new UnitOfWorkProcessor(), List.of("-proc:only"), List.of(), topLevelNames(golden),
                    List.of(fromSources.resolve("classes")));
            Map<String, String> expected = generated(fromSources);
            assertEquals(javaFiles(golden + "/expected"), List.copyOf(expected.keySet()), golden + ": wrappers generated from sources");
            assertEquals(expected, generated(fromClasses), golden + ": wrappers generated from class files");
        }
    }

    @Test
    void recompilingOneClassAloneRegeneratesItsWrapperUnchangedAndNothingElse(@TempDir Path directory) throws Exception {
        JavaFileObject inventory = JavaFileObjects.forSourceLines(PACKAGE + ".Inventory",
                "package com.example;",
                "import org.unitofwork.Session;",
                "import org.unitofwork.UnitOfWork;",
                "public class Inventory {",
                "    public interface Stock {",
                "        int reserve(String item, int quantity);",
                "        void release(String item, int quantity);",
                "        default int available(String item) { return 0; }",
                "    }",
                "    @UnitOfWork(readOnly = true)",
                "    public int count(Session session, String item) { return 0; }",
                "}");
        JavaFileObject orders = JavaFileObjects.forSourceLines(PACKAGE + ".Orders",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "public class Orders implements Inventory.Stock {",
                "    @UnitOfWork(retries = 2)",
                "    @Override public int reserve(String item, int quantity) { return quantity; }",
                "    @Override public void release(String item, int quantity) { }",
                "    @UnitOfWork public Inventory reorder(Inventory inventory, String... items) { return inventory; }",
                "}");
        Path full = directory.resolve("full");
        compile(full, new UnitOfWorkProcessor(), List.of(), List.of(inventory, orders), List.of(), List.of());
        Map<String, String> fullOutput = generated(full);
        assertEquals(List.of("ManagedInventory.java", "ManagedOrders.java"), List.copyOf(fullOutput.keySet()), "a full build's wrappers");

        // Gradle recompiles a changed class alone, against the class files of the others, having
        // deleted what the class and its wrapper compiled to before
        Path classes = full.resolve("classes").resolve(PACKAGE.replace('.', '/'));
        for (String stale : List.of("Orders.class", "ManagedOrders.class")) {
            Files.delete(classes.resolve(stale));
        }
        WrappedEnvironmentProcessor processor = new WrappedEnvironmentProcessor();
        Path incremental = directory.resolve("incremental");
        compile(incremental, processor, List.of(), List.of(orders), List.of(), List.of(full.resolve("classes")));
        assertEquals(List.of(PACKAGE + ".ManagedOrders"), processor.filesWritten().stream().map(FilerCall::name).toList(),
                "the files the recompilation of Orders alone generates");
        assertEquals(List.of(PACKAGE + ".Orders"), processor.filesWritten().get(0).originatingElements().stream()
                .map(e -> ((TypeElement) e).getQualifiedName().toString()).toList(), "the originating elements of ManagedOrders");
        assertEquals(fullOutput.get("ManagedOrders.java"), generated(incremental).get("ManagedOrders.java"),
                "ManagedOrders generated when Orders is recompiled alone, next to the full build's");
    }

    /**
     * Compiles into {@code directory}/classes, generating into {@code directory}/generated, and fails
     * the test with javac's diagnostics unless the compilation succeeds.
     */
    private static void compile(Path directory, Processor processor, List<String> options, List<JavaFileObject> sources,
            List<String> classNames, List<Path> classPath) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(Files.createDirectories(directory.resolve("generated"))));
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(Files.createDirectories(directory.resolve("classes"))));
            List<Path> fullClassPath = new ArrayList<>(classPath);
            files.getLocationAsPaths(StandardLocation.CLASS_PATH).forEach(fullClassPath::add);
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, fullClassPath);
            List<String> allOptions = new ArrayList<>(List.of("-Xlint:all,-processing", "-Werror"));
            allOptions.addAll(options);
            JavaCompiler.CompilationTask task = javac.getTask(diagnostics, files, null, allOptions, classNames,
                    sources.isEmpty() ? null : sources);
            task.setProcessors(List.of(processor));
            assertTrue(task.call(), "javac " + allOptions + " " + classNames + " in " + directory + ":\n" + diagnostics);
        }
    }

    /** The sources generated into {@code directory}/generated, by file name. */
    private static Map<String, String> generated(Path directory) throws IOException {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(directory.resolve("generated"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                sources.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return sources;
    }

    private static boolean holdsUnitOfWork(TypeElement type) {
        return hasUnitOfWork(type) || type.getEnclosedElements().stream()
                .anyMatch(e -> e.getKind() == ElementKind.METHOD && hasUnitOfWork(e));
    }

    private static boolean hasUnitOfWork(Element element) {
        return element.getAnnotationMirrors().stream().anyMatch(a -> ((TypeElement) a.getAnnotationType().asElement())
                .getQualifiedName().contentEquals(UnitOfWork.class.getName()));
    }

    /** The simple names of {@code type} and the types around it, outermost first. */
    private static List<String> enclosingNames(TypeElement type) {
        List<String> names = new ArrayList<>();
        for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
            names.add(0, t.getSimpleName().toString());
        }
        return names;
    }

    private static TypeElement topLevel(TypeElement type) {
        TypeElement top = type;
        while (top.getEnclosingElement() instanceof TypeElement outer) {
            top = outer;
        }
        return top;
    }

    private static List<String> goldenCases() throws IOException {
        try (Stream<Path> cases = Files.list(resourceDirectory("golden"))) {
            return cases.map(c -> c.getFileName().toString()).sorted().toList();
        }
    }

    private static List<JavaFileObject> inputs(String golden) throws IOException {
        return javaFiles(golden + "/input").stream().map(f -> JavaFileObjects.forResource("golden/" + golden + "/input/" + f)).toList();
    }

    private static List<String> topLevelNames(String golden) throws IOException {
        return javaFiles(golden + "/input").stream().map(f -> PACKAGE + "." + f.replace(".java", "")).toList();
    }

    private static List<String> javaFiles(String goldenDirectory) throws IOException {
        try (Stream<Path> files = Files.list(resourceDirectory("golden/" + goldenDirectory))) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".java")).sorted().toList();
        }
    }

    private static Path resourceDirectory(String name) {
        URL url = IncrementalProcessingTest.class.getClassLoader().getResource(name);
        assertNotNull(url, "test resource directory " + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = IncrementalProcessingTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }
}
