package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.legacy.LegacyApp;
import com.zaxxer.hikari.HikariDataSource;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.loader.launch.JarLauncher;

/**
 * An executable jar as Spring Boot's Maven plugin lays it out: the launcher's classes at its root,
 * the legacy program in {@code BOOT-INF/classes}, HikariCP, SLF4J and H2 as nested jars in
 * {@code BOOT-INF/lib}. The JVM's class path is the jar alone; the program's classes are defined by
 * the launcher's own class loader, which reads the nested jars. The program places an order that
 * fails half-way through its own HikariCP pool.
 */
class NestedJarLauncherIT {
    private static final String CONFIGURATION = String.join("\n",
            "unit com.example.legacy.*Service place*  database=legacy",
            "datasource legacy com.zaxxer.hikari.HikariDataSource",
            "");

    @TempDir
    static Path directory;
    private static Path jar;

    @BeforeAll
    static void buildTheExecutableJar() throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, JarLauncher.class.getName());
        main.putValue("Start-Class", LegacyApp.class.getName());
        main.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        main.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        jar = directory.resolve("legacy-boot.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            try (JarInputStream launcher = new JarInputStream(Files.newInputStream(ForkedJvm.location(JarLauncher.class)))) {
                for (JarEntry entry = launcher.getNextJarEntry(); entry != null; entry = launcher.getNextJarEntry()) {
                    if (!entry.isDirectory() && entry.getName().startsWith("org/")) {
                        jarOut.putNextEntry(new JarEntry(entry.getName()));
                        launcher.transferTo(jarOut);
                        jarOut.closeEntry();
                    }
                }
            }
            // the launcher finds its class path by these directory entries, as the plugin writes them
            for (String folder : List.of("BOOT-INF/", "BOOT-INF/classes/", "BOOT-INF/classes/com/",
                    "BOOT-INF/classes/com/example/", "BOOT-INF/classes/com/example/legacy/", "BOOT-INF/lib/")) {
                jarOut.putNextEntry(new JarEntry(folder));
                jarOut.closeEntry();
            }
            Path classes = ForkedJvm.location(LegacyApp.class);
            try (Stream<Path> files = Files.list(classes.resolve("com/example/legacy"))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    jarOut.putNextEntry(new JarEntry("BOOT-INF/classes/"
                            + classes.relativize(file).toString().replace(File.separatorChar, '/')));
                    jarOut.write(Files.readAllBytes(file));
                    jarOut.closeEntry();
                }
            }
            for (Class<?> library : List.of(HikariDataSource.class, LoggerFactory.class, org.h2.Driver.class)) {
                // the launcher reads nested jars in place: they are stored, not compressed
                byte[] nested = Files.readAllBytes(ForkedJvm.location(library));
                JarEntry entry = new JarEntry("BOOT-INF/lib/" + ForkedJvm.location(library).getFileName());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(nested.length);
                CRC32 crc = new CRC32();
                crc.update(nested);
                entry.setCrc(crc.getValue());
                jarOut.putNextEntry(entry);
                jarOut.write(nested);
                jarOut.closeEntry();
            }
        }
    }

    @Test
    void withoutTheAgentTheFailedOrderLeavesHalfOfItBehind() throws Exception {
        ForkedJvm.Result plain = ForkedJvm.run(ForkedJvm.command("-jar", jar.toString(), "hikari"));
        assertEquals(0, plain.exitCode(), plain.output());
        assertTrue(plain.says("lines left behind: 1"), plain.output());
    }

    @Test
    void withTheAgentTheProgramInTheLaunchersClassLoaderIsAllOrNothing() throws Exception {
        Path config = Files.writeString(directory.resolve("agent.conf"), CONFIGURATION);
        ForkedJvm.Result woven = ForkedJvm.run(ForkedJvm.command(
                "-javaagent:" + ForkedJvm.agentJar() + "=config=" + config + ",report", "-jar", jar.toString(), "hikari"));
        assertEquals(0, woven.exitCode(), woven.output());
        assertTrue(woven.says("failed: payment declined after line 1"), woven.output());
        assertTrue(woven.says("lines left behind: 0"), woven.output());
        assertTrue(woven.says("woven com.example.legacy.OrderService.placeOrder(int,int,boolean) as"
                + " OrderService.placeOrder(int,int,boolean) [database=legacy, propagation=REQUIRED]"), woven.output());
        assertTrue(woven.output().lines().anyMatch(line -> line.contains("woven com.example.legacy.OrderService.placeOrder(")
                && line.contains("in class loader org.springframework.boot.loader.launch.LaunchedClassLoader@")),
                "the report names the launcher's loader: " + woven.output());
        // the program's own HikariCP serves it, from its nested jar, not the copy the agent supplied for its runtime
        assertTrue(woven.output().lines().anyMatch(line -> line.contains("woven com.zaxxer.hikari.HikariDataSource"
                + ".getConnection()") && line.contains("in class loader org.springframework.boot.loader.launch"
                + ".LaunchedClassLoader@")), woven.output());
        assertTrue(woven.says("adopted an instance of com.zaxxer.hikari.HikariDataSource as database 'legacy'"),
                woven.output());
    }
}
