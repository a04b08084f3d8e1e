package org.unitofwork.agent;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitofwork.Scope;
import org.unitofwork.UnitOfWork;
import org.unitofwork.agent.report.ClassLoaderNames;
import org.unitofwork.conventions.cases.CompiledClasses;

/**
 * S23 in a class loader the agent cannot make share its runtime: one that finds the application's own
 * copy of unitofwork-runtime first, and overrides only {@code loadClass(String)}, which the agent does
 * not weave. Boundaries woven into its classes would fail to link on every call; the class is left as
 * it was, with one warning naming it, its loader and the two copies.
 */
class RuntimeOfItsOwnTest {
    /** Its own classes first for the runtime and the application, as some plugin systems' loaders do. */
    static final class ChildFirstLoader extends URLClassLoader {
        ChildFirstLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        public Class<?> loadClass(String name) throws ClassNotFoundException {
            if (!name.startsWith("org.unitofwork.") && !name.startsWith("com.example.own.")) {
                return super.loadClass(name);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) {
                    return loaded;
                }
                try {
                    return findClass(name);
                } catch (ClassNotFoundException e) {
                    return super.loadClass(name); // the agent's classes, say
                }
            }
        }
    }

    @Test
    void aClassWhoseLoaderHasARuntimeOfItsOwnIsLeftUnchangedWithOneWarning(@TempDir Path directory) throws Exception {
        InProcessAgent.install();
        Compilation compilation = javac().withOptions("-proc:none").compile(JavaFileObjects.forSourceString(
                "com.example.own.OwnService", "package com.example.own; public class OwnService {"
                        + " @org.unitofwork.UnitOfWork(database = \"nowhere\") public String work() { return \"ran as written\"; } }"));
        assertThat(compilation).succeeded();
        Path classes = CompiledClasses.write(compilation.generatedFiles(), directory.resolve("classes"));
        Path runtime = ForkedJvm.location(UnitOfWork.class);
        try (ChildFirstLoader loader = new ChildFirstLoader(new URL[] {classes.toUri().toURL(), runtime.toUri().toURL()},
                getClass().getClassLoader())) {
            Class<?> service = Class.forName("com.example.own.OwnService", true, loader);
            assertNotSame(Scope.class, Class.forName(Scope.class.getName(), false, loader), "the loader's own runtime");
            Object result = service.getMethod("work").invoke(service.getConstructor().newInstance());
            assertEquals("ran as written", result, "unwoven: a woven call would not link, nor find database 'nowhere'");
            String warnings = InProcessAgent.warnings();
            String warning = "class com.example.own.OwnService (" + ClassLoaderNames.describe(loader) + ") is left unchanged:"
                    + " its class loader has a unitofwork runtime of its own (" + runtime.toUri().toURL() + "), not the one"
                    + " of the system class loader that woven code calls (";
            assertEquals(1, warnings.split(java.util.regex.Pattern.quote(warning), -1).length - 1, warnings);
            assertTrue(warnings.contains("remove unitofwork-runtime from the application's own libraries, or make the"
                    + " loader ask its parent for the classes of org.unitofwork first"), warnings);
        }
    }
}
