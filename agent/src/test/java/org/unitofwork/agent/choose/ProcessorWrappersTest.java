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
    private static final String CLASS = "shop/OrderService.class";

    @TempDir
    Path directory;

    @Test
    void findsTheWrapperInTheClassesOwnJar() throws IOException {
        Path withWrapper = jar("with.jar", CLASS, WRAPPER);
        Path without = jar("without.jar", CLASS);
        ClassLoader nothing = new URLClassLoader(new URL[0], null);
        assertTrue(ProcessorWrappers.exists(WRAPPER, CLASS, nothing, domain(withWrapper)));
        assertFalse(ProcessorWrappers.exists(WRAPPER, CLASS, nothing, domain(without)));
    }

    @Test
    void findsTheWrapperInTheClassesOwnDirectory() throws IOException {
        Path classes = Files.createDirectories(directory.resolve("classes/shop"));
        Files.write(classes.resolve("OrderService.class"), new byte[] {1});
        ClassLoader nothing = new URLClassLoader(new URL[0], null);
        assertFalse(ProcessorWrappers.exists(WRAPPER, CLASS, nothing, domain(classes.getParent())));
        Files.write(classes.resolve("OrderService_UnitOfWork.class"), new byte[] {1});
        assertTrue(ProcessorWrappers.exists(WRAPPER, CLASS, nothing, domain(classes.getParent())));
    }

    /**
     * A class from somewhere that is not a local directory or jar, or whose protection domain names a
     * jar or directory that does not hold it: its loader is asked.
     */
    @Test
    void asksTheClassLoaderWhenTheOriginIsNotALocalDirectoryOrJarHoldingTheClass() throws IOException {
        Path withWrapper = jar("with.jar", CLASS, WRAPPER);
        Path notAJar = Files.write(directory.resolve("classes.bin"), new byte[] {1, 2, 3});
        Path anotherJar = jar("another.jar", "shop/Other.class");
        Path anotherDirectory = Files.createDirectories(directory.resolve("other"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {withWrapper.toUri().toURL()}, null)) {
            assertTrue(ProcessorWrappers.exists(WRAPPER, CLASS, loader, null));
            assertTrue(ProcessorWrappers.exists(WRAPPER, CLASS, loader, domain(new URL("http://example.invalid/app.jar"))));
            assertTrue(ProcessorWrappers.exists(WRAPPER, CLASS, loader, domain(notAJar)));
            assertTrue(ProcessorWrappers.exists(WRAPPER, CLASS, loader, domain(anotherJar)));
            assertTrue(ProcessorWrappers.exists(WRAPPER, CLASS, loader, domain(anotherDirectory)));
        }
    }

    /** Code source URLs with spaces, '+', '%' and non-ASCII characters, encoded (as the JDK makes them) or not. */
    @Test
    void readsTheOriginWhateverItsPathHolds() throws IOException {
        ClassLoader nothing = new URLClassLoader(new URL[0], null);
        for (String folder : new String[] {"with space", "plus+sign", "per%25cent", "nön-åscii", "a%20b"}) {
            Path jar = Files.createDirectories(directory.resolve(folder)).resolve("app.jar");
            Files.move(jar(folder.hashCode() + ".jar", CLASS, WRAPPER), jar);
            @SuppressWarnings("deprecation")
            URL raw = jar.toFile().toURL();
            for (URL location : new URL[] {jar.toUri().toURL(), raw}) {
                assertTrue(ProcessorWrappers.exists(WRAPPER, CLASS, nothing, domain(location)), location.toString());
            }
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
