package org.unitofwork.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A failure inside the processor (a bug of its own, or of the environment it runs in) is an error on
 * the type being processed that asks for a report, never a crash of the compiler, as AutoValue and
 * AutoFactory do.
 */
class InternalFailureTest {

    @Test
    void anInternalFailureIsAnErrorOnTheTypeThatAsksForAReport() {
        JavaFileObject source = JavaFileObjects.forSourceLines("com.example.Accounts",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "class Accounts {",
                "    @UnitOfWork void open(String owner) {",
                "    }",
                "}");
        Compilation compilation = Compilations.compile(List.of(new BrokenClassPathProcessor()), source);
        assertThat(compilation).hadErrorContaining("The unitofwork processor failed on Accounts with"
                + " java.lang.IllegalStateException: the class path cannot be read. No wrapper is generated for"
                + " Accounts. This is a defect of the processor: please report it, with this message, at"
                + " https://github.com/unitofwork/unitofwork/issues").inFile(source).onLine(3);
        assertThat(compilation).hadErrorContaining("\tat org.unitofwork.processor.");
        assertThat(compilation).hadErrorCount(1);
    }

    /**
     * The processor in an environment whose {@link Filer} fails with an unchecked exception when asked
     * for a class path resource, as the processor does for each parameter type.
     */
    private static final class BrokenClassPathProcessor extends EnvironmentWrappingProcessor {
        @Override
        ProcessingEnvironment wrap(ProcessingEnvironment environment) {
            Filer filer = broken(Filer.class, environment.getFiler(), "getResource");
            return broken(ProcessingEnvironment.class, environment, null, "getFiler", filer);
        }

        /** {@code target} behind a proxy whose method {@code failing} throws. */
        private static <T> T broken(Class<T> type, T target, String failing) {
            return broken(type, target, failing, null, null);
        }

        /** {@code target} behind a proxy whose method {@code failing} throws and whose {@code replaced} returns {@code replacement}. */
        private static <T> T broken(Class<T> type, T target, String failing, String replaced, Object replacement) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, arguments) -> {
                if (method.getName().equals(failing)) {
                    throw new IllegalStateException("the class path cannot be read");
                }
                if (method.getName().equals(replaced)) {
                    return replacement;
                }
                try {
                    return method.invoke(target, arguments);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }));
        }
    }
}
