package org.unitofwork.agent;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.unitofwork.conventions.cases.CaseCalls;
import org.unitofwork.conventions.cases.CaseDatabase;
import org.unitofwork.conventions.cases.CompiledClasses;
import org.unitofwork.conventions.cases.ConventionCase;
import org.unitofwork.agent.report.ClassLoaderNames;

/**
 * S20 for names and diagnostics: the agent makes of every class of the shared table
 * ({@code ConventionCases}), compiled without the processor, what the processor makes of it: the same
 * boundary names, the same parameter supplied (seen by calling the woven method), the same message
 * when it leaves the class unchanged, and the processor's wrapper recognised by its name.
 */
@ExtendWith(CaseDatabase.class)
class SharedConventionsTest {
    @BeforeAll
    static void open() {
        InProcessAgent.install();
    }

    @ParameterizedTest
    @FieldSource("org.unitofwork.conventions.cases.ConventionCases#ALL")
    void theAgentFollowsTheSharedConventions(ConventionCase row, @TempDir Path directory) throws Throwable {
        // -parameters: the agent names a parameter as the class file records it
        Compilation compilation = javac().withOptions("-proc:none", "-parameters")
                .compile(JavaFileObjects.forSourceString(row.sourceName(), row.source()));
        assertThat(compilation).succeeded();
        Path classes = CompiledClasses.write(compilation.generatedFiles(), directory.resolve("classes"));
        String warningsBefore = InProcessAgent.warnings();
        String reportBefore = InProcessAgent.report();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> type = Class.forName(row.className(), true, loader); // woven as it loads
            String warnings = InProcessAgent.warnings().substring(warningsBefore.length());
            String report = InProcessAgent.report().substring(reportBefore.length());
            if (row.refusal() != null) {
                assertTrue(warnings.contains("class " + row.className() + " (" + ClassLoaderNames.describe(loader)
                        + ") is left unchanged: " + row.refusal() + "\n"),
                        warnings);
            } else {
                assertEquals(row.methods().size(), report.lines().filter(l -> l.contains("] woven " + row.className() + "."))
                        .count(), report);
                Object target = type.getConstructor().newInstance();
                for (ConventionCase.Method method : row.methods()) {
                    assertTrue(report.contains(" as " + method.boundary() + " ["), method.boundary() + " in " + report);
                    assertEquals(method.injected(), CaseCalls.call(type, target, method.name(), method.parameterTypes()),
                            "the parameter of " + method.boundary() + " that the woven method supplied");
                }
            }
        }
        assertRecognisesTheWrapper(row, classes);
    }

    /** With the processor's wrapper beside it, the class is not woven, and the report names the wrapper. */
    private void assertRecognisesTheWrapper(ConventionCase row, Path classes) throws Exception {
        Path wrapper = classes.resolve(row.wrapper().replace('.', '/') + ".class");
        Files.copy(classes.resolve(row.className().replace('.', '/') + ".class"), wrapper);
        String reportBefore = InProcessAgent.report();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class.forName(row.className(), true, loader);
        }
        String report = InProcessAgent.report().substring(reportBefore.length());
        assertTrue(report.contains(": the annotation processor wrapped it in " + row.wrapper() + ", whose callers"), report);
    }
}
