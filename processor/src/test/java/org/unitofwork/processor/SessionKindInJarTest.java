package org.unitofwork.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitofwork.conventions.SessionKindMarkers;

/**
 * A session kind's type marked in a jar on the class path, as an integration module's jar marks it
 * for its users (unitofwork-jooq marks {@code DSLContext}): the processor finds the marker there too,
 * and the wrapper supplies the parameter.
 */
class SessionKindInJarTest {

    @Test
    void aKindMarkedInAJarOnTheClassPathIsSupplied(@TempDir Path directory) throws IOException {
        Compilation kind = javac().compile(JavaFileObjects.forSourceString("com.example.Ledgerbook",
                "package com.example; public interface Ledgerbook { void post(String entry); }"));
        assertThat(kind).succeeded();
        Path jar = directory.resolve("ledgerbook-integration.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (JavaFileObject classFile : kind.generatedFiles()) {
                out.putNextEntry(new JarEntry("com/example/Ledgerbook.class"));
                try (var in = classFile.openInputStream()) {
                    in.transferTo(out);
                }
            }
            out.putNextEntry(new JarEntry(SessionKindMarkers.resource("com.example.Ledgerbook")));
        }
        List<File> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.add(new File(entry));
        }
        classPath.add(jar.toFile());

        Compilation compilation = javac().withProcessors(new UnitOfWorkProcessor()).withClasspath(classPath)
                .compile(JavaFileObjects.forSourceString("com.example.Bookkeeping", """
                        package com.example;

                        import org.unitofwork.UnitOfWork;

                        public class Bookkeeping {
                            @UnitOfWork
                            public void close(Ledgerbook book) {
                                book.post("closed");
                            }
                        }
                        """));

        assertThat(compilation).succeeded();
        String wrapper = compilation.generatedSourceFile("com.example.ManagedBookkeeping").orElseThrow()
                .getCharContent(true).toString();
        assertThat(wrapper).contains("public void close() {");
        assertThat(wrapper).contains("this.delegate.close(scope.session().get(Ledgerbook.class));");
    }
}
