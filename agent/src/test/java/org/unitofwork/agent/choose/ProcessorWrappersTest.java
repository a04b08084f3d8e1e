package org.unitofwork.agent.choose;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor's wrapper is found beside its class, in a directory or a jar, and through the loader otherwise. */
class ProcessorWrappersTest {
    private static final String WRAPPER = "shop/OrderService_UnitOfWork.class";

    @TempDir
    Path directory;

    @Test
    void findsTheWrapperInTheClassesOwnJar() throws IOException {
        Path withWrapper = jar("with.jar", "shop/OrderService.class", WRAPPER);
        Path without = jar("without.jar", "shop/OrderService.class");
        ClassLoader nothing = new URLClassLoader(new URL[0], null);
        assertTrue(ProcessorWrappers.exists(WRAPPER, nothing, domain(withWrapper)));
        assertFalse(ProcessorWrappers.exists(WRAPPER, nothing, domain(without)));
    }

    @Test
    void findsTheWrapperInTheClassesOwnDirectory() throws IOException {
        Path classes = Files.createDirectories(directory.resolve("classes/shop"));
        ClassLoader nothing = new URLClassLoader(new URL[0], null);
        assertFalse(ProcessorWrappers.exists(WRAPPER, nothing, domain(classes.getParent())));
        Files.write(classes.resolve("OrderService_UnitOfWork.class"), new byte[] {1});
        assertTrue(ProcessorWrappers.exists(WRAPPER, nothing, domain(classes.getParent())));
    }

    /** A class from somewhere that is not a local directory or jar: its loader is asked. */
    @Test
    void asksTheClassLoaderWhenTheOriginIsNotALocalDirectoryOrJar() throws IOException {
        Path withWrapper = jar("with.jar", WRAPPER);
        Path notAJar = Files.write(directory.resolve("classes.bin"), new byte[] {1, 2, 3});
        try (URLClassLoader loader = new URLClassLoader(new URL[] {withWrapper.toUri().toURL()}, null)) {
            assertTrue(ProcessorWrappers.exists(WRAPPER, loader, null));
            assertTrue(ProcessorWrappers.exists(WRAPPER, loader, domain(new URL("http://example.invalid/app.jar"))));
            assertTrue(ProcessorWrappers.exists(WRAPPER, loader, domain(notAJar)));
        }
    }

    private Path jar(String name, String... entries) throws IOException {
        Path jar = directory.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String entry : entries) {
                out.putNextEntry(new JarEntry(entry));
                out.write(1);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static ProtectionDomain domain(Path origin) throws IOException {
        return domain(origin.toUri().toURL());
    }

    private static ProtectionDomain domain(URL location) {
        return new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null);
    }
}
