package org.unitofwork.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the processor behaves inside a build: registration, rounds, failed rounds, stable output. */
class BuildBehaviourTest {

    @Test
    void registeredForDiscoveryAndDeclaredIsolatingToGradle() throws IOException {
        assertEquals("org.unitofwork.processor.UnitOfWorkProcessor", resource("META-INF/services/javax.annotation.processing.Processor").trim());
        assertEquals("org.unitofwork.processor.UnitOfWorkProcessor,isolating",
                resource("META-INF/gradle/incremental.annotation.processors").trim());
    }

    @Test
    void waitsForATypeAnotherProcessorGeneratesInALaterRound() {
        JavaFileObject accounts = JavaFileObjects.forSourceLines("com.example.Accounts",
                "package com.example;",
                "import org.unitofwork.Session;",
                "import org.unitofwork.UnitOfWork;",
                "class Accounts {",
                "    @UnitOfWork(noRollbackFor = InsufficientFunds.class)",
                "    Money balance(Session session) { return new Money(); }",
                "}");
        Compilation compilation = Compilations.compile(List.of(new UnitOfWorkProcessor(), new MoneyGenerator()), accounts);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.example.ManagedAccounts").contentsAsUtf8String()
                .contains(".noRollbackFor(InsufficientFunds.class)");
        assertThat(compilation).generatedSourceFile("com.example.ManagedAccounts").contentsAsUtf8String()
                .contains("    Money balance() {");
    }

    @Test
    void typesNamedLikeThoseTheWrapperUsesStillCompile() {
        Compilation compilation = Compilations.compile(
                JavaFileObjects.forSourceLines("com.example.Scope",
                        "package com.example;",
                        "public class Scope {",
                        "    @org.unitofwork.UnitOfWork public Boundary widen(Objects objects, Generated generated) {",
                        "        return null;",
                        "    }",
                        "}"),
                JavaFileObjects.forSourceLines("com.example.Boundary",
                        "package com.example;",
                        "public class Boundary { @org.unitofwork.UnitOfWork public void move(Scope scope) { } }"),
                JavaFileObjects.forSourceLines("com.example.Objects", "package com.example;", "public class Objects { }"),
                JavaFileObjects.forSourceLines("com.example.Generated", "package com.example;", "public class Generated { }"));
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void findsAnnotationsInMethodBodiesBehindABuildToolsWrapperOfTheEnvironment() {
        JavaFileObject jobs = JavaFileObjects.forSourceLines("com.example.Jobs",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "class Jobs {",
                "    @UnitOfWork void valid() { }",
                "    Runnable job = new Runnable() { @UnitOfWork public void run() { } };",
                "}");
        Compilation compilation = Compilations.compile(List.of(new WrappedEnvironmentProcessor()), jobs);
        assertThat(compilation).hadErrorContaining("@UnitOfWork on method run of an anonymous class").inFile(jobs).onLine(5);
    }

    @Test
    void aRoundWithAnErrorWritesNoWrapperAtAll(@TempDir Path directory) throws IOException {
        JavaFileObject valid = JavaFileObjects.forSourceLines("com.example.Valid",
                "package com.example;",
                "class Valid { @org.unitofwork.UnitOfWork void open() { } }");
        JavaFileObject invalid = JavaFileObjects.forSourceLines("com.example.Invalid",
                "package com.example;",
                "class Invalid { @org.unitofwork.UnitOfWork private void open() { } }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path generated = Files.createDirectories(directory.resolve("generated"));
        Path classes = Files.createDirectories(directory.resolve("classes"));
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
            JavaCompiler.CompilationTask task = javac.getTask(Writer.nullWriter(), files, null, null, null, List.of(valid, invalid));
            task.setProcessors(List.of(new UnitOfWorkProcessor()));
            assertFalse(task.call(), "the private method fails the compilation");
        }
        try (Stream<Path> written = Files.walk(generated)) {
            assertEquals(List.of(), written.filter(Files::isRegularFile).toList(), "nothing generated, not even ManagedValid");
        }
    }

    @Test
    void outputDoesNotDependOnTheOrderOfSources() {
        List<JavaFileObject> sources = new ArrayList<>();
        for (String input : List.of("Accounts", "JdbcAccounts", "Ledger", "LedgerClosedException", "Audit")) {
            sources.add(JavaFileObjects.forResource("golden/interfaces/input/" + input + ".java"));
        }
        Compilation forward = Compilations.compile(sources.toArray(JavaFileObject[]::new));
        List<JavaFileObject> reversed = new ArrayList<>(sources);
        Collections.reverse(reversed);
        Compilation backward = Compilations.compile(reversed.toArray(JavaFileObject[]::new));
        for (String wrapper : List.of("ManagedJdbcAccounts", "ManagedLedger", "ManagedAudit")) {
            assertEquals(text(forward, wrapper), text(backward, wrapper), wrapper);
        }
    }

    private static String text(Compilation compilation, String wrapper) {
        try {
            return compilation.generatedSourceFile("com.example." + wrapper).orElseThrow().getCharContent(false).toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BuildBehaviourTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Generates {@code Money} and {@code InsufficientFunds} in the first round, like a value-type processor. */
    private static final class MoneyGenerator extends AbstractProcessor {
        private boolean generated;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!generated) {
                generated = true;
                write("Money", "public final class Money { }");
                write("InsufficientFunds", "public final class InsufficientFunds extends RuntimeException {"
                        + " private static final long serialVersionUID = 1L; }");
            }
            return false;
        }

        private void write(String name, String body) {
            try (Writer out = processingEnv.getFiler().createSourceFile("com.example." + name).openWriter()) {
                out.write("package com.example;\n" + body + "\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
