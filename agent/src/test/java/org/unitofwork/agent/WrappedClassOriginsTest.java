package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.processed.Ledger;
import com.example.processed.ManagedLedger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.SimpleRemapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitofwork.Session;

/**
 * S23, never woven twice: a class the processor wrapped is recognised wherever its class file comes
 * from, as the JVM reads it, not only from a plain jar or directory that its protection domain names.
 */
class WrappedClassOriginsTest {
    private static final String FROM = "com/example/processed/";

    @TempDir
    Path directory;

    /** The class and its wrapper under {@code META-INF/versions/17/} (a class only newer JDKs get). */
    @Test
    void aWrappedClassInAMultiReleaseJarIsNotWovenAgain() throws Exception {
        InProcessAgent.install();
        String to = "com/example/mrjar/";
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Multi-Release"), "true");
        Path jar = jar("multi-release.jar", manifest, Map.of("META-INF/versions/17/" + to + "Ledger.class",
                renamed(Ledger.class, to), "META-INF/versions/17/" + to + "ManagedLedger.class",
                renamed(ManagedLedger.class, to)));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> ledger = loader.loadClass("com.example.mrjar.Ledger");
            assertEquals(jar.toUri().toURL(), ledger.getProtectionDomain().getCodeSource().getLocation());
            assertNotWovenAgain(ledger, "com.example.mrjar");
            assertTrue(InProcessAgent.report().contains("skipped com.example.mrjar.Ledger.post(Session): the annotation"
                    + " processor wrapped it in com.example.mrjar.ManagedLedger"), InProcessAgent.report());
        }
    }

    /**
     * A loader that gives every class one protection domain, that of its module's main jar, while the
     * classes come from another jar of the module (as a bundle's embedded jars on its Bundle-ClassPath).
     */
    @Test
    void aWrappedClassWhoseProtectionDomainNamesAnotherJarOfItsLoaderIsNotWovenAgain() throws Exception {
        InProcessAgent.install();
        String to = "com/example/bundle/";
        Path main = jar("bundle.jar", new Manifest(), Map.of());
        Path embedded = jar("embedded.jar", new Manifest(), Map.of(to + "Ledger.class", renamed(Ledger.class, to),
                to + "ManagedLedger.class", renamed(ManagedLedger.class, to)));
        ProtectionDomain bundle = new ProtectionDomain(new CodeSource(main.toUri().toURL(), (Certificate[]) null), null);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {embedded.toUri().toURL()}, getClass().getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                try (InputStream in = getResourceAsStream(name.replace('.', '/') + ".class")) {
                    if (in == null) {
                        throw new ClassNotFoundException(name);
                    }
                    byte[] classFile = in.readAllBytes();
                    return defineClass(name, classFile, 0, classFile.length, bundle);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }) {
            assertNotWovenAgain(loader.loadClass("com.example.bundle.Ledger"), "com.example.bundle");
        }
    }

    private static void assertNotWovenAgain(Class<?> ledger, String packageName) throws Exception {
        assertNotNull(ledger.getClassLoader().getResource(packageName.replace('.', '/') + "/ManagedLedger.class"),
                "the loader sees the wrapper");
        String report = InProcessAgent.report();
        assertFalse(report.contains("woven " + packageName + ".Ledger.post(Session)"), report);
        Object target = ledger.getConstructor().newInstance();
        assertEquals(false, ledger.getMethod("post", Session.class).invoke(target, (Object) null),
                "not woven: no session supplied");
    }

    private Path jar(String name, Manifest manifest, Map<String, byte[]> entries) throws IOException {
        manifest.getMainAttributes().putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path jar = directory.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The class file of {@code type}, moved with its wrapper to the package {@code to}. */
    private static byte[] renamed(Class<?> type, String to) throws IOException {
        byte[] original;
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            original = in.readAllBytes();
        }
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(original).accept(new ClassRemapper(writer, new SimpleRemapper(Map.of(
                FROM + "Ledger", to + "Ledger", FROM + "ManagedLedger", to + "ManagedLedger"))), 0);
        return writer.toByteArray();
    }
}
