package org.unitofwork.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.unitofwork.Boundary;
import org.unitofwork.conventions.cases.CaseCalls;
import org.unitofwork.conventions.cases.CaseDatabase;
import org.unitofwork.conventions.cases.CompiledClasses;
import org.unitofwork.conventions.cases.ConventionCase;
import org.unitofwork.conventions.cases.ConventionCases;

/**
 * S20 for names and diagnostics: the processor makes of every class of the shared table
 * ({@code ConventionCases}) what the agent makes of it: the same wrapper name, the same boundary
 * names, the same parameter supplied (seen by calling the wrapper), or the same error message.
 */
@ExtendWith(CaseDatabase.class)
class SharedConventionsTest {
    @ParameterizedTest
    @FieldSource("org.unitofwork.conventions.cases.ConventionCases#ALL")
    void theProcessorFollowsTheSharedConventions(ConventionCase row, @TempDir Path classes) throws Throwable {
        JavaFileObject source = JavaFileObjects.forSourceString(row.sourceName(), row.source());
        Compilation compilation = javac().withProcessors(new UnitOfWorkProcessor())
                .withOptions("-Xlint:all,-processing").compile(source);
        if (row.refusal() != null) {
            assertThat(compilation).hadErrorContaining(row.refusal()).inFile(source);
            assertThat(compilation).hadErrorCount(1);
            return;
        }
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile(row.wrapper());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {CompiledClasses.write(compilation.generatedFiles(), classes)
                .toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> type = Class.forName(row.className(), true, loader);
            Class<?> wrapper = Class.forName(row.wrapper(), true, loader);
            assertEquals(sorted(row.methods().stream().map(ConventionCase.Method::boundary).toList()), boundaryNames(wrapper));
            Object delegate = type.getConstructor().newInstance();
            Object wrapping = wrapper.getConstructor(type).newInstance(delegate);
            for (ConventionCase.Method method : row.methods()) {
                assertEquals(method.injected(), CaseCalls.call(wrapper, wrapping, method.name(), method.wrapperParameterTypes()),
                        "the parameter of " + method.boundary() + " that the wrapper supplied");
            }
        }
    }

    /** The names of the boundaries the wrapper's constants hold. */
    private static List<String> boundaryNames(Class<?> wrapper) throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Field field : wrapper.getDeclaredFields()) {
            if (field.getType() == Boundary.class && Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                names.add(((Boundary) field.get(null)).name());
            }
        }
        return sorted(names);
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }
}
