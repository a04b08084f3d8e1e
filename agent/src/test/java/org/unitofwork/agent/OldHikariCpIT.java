package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.probes.HikariOrigins;
import com.zaxxer.hikari.HikariDataSource;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application whose HikariCP has no {@code HikariConfigMXBean} (HikariCP before 2.3.9 had none;
 * emulated here by the current jar without that one class) has HikariCP all the same: the agent adds
 * no copy of its own, and {@code com.zaxxer.hikari} comes from one jar.
 */
class OldHikariCpIT {
    @TempDir
    Path directory;

    @Test
    void anApplicationsOwnHikariCpIsNotSupplementedWithTheAgents() throws Exception {
        Path hikari = ForkedJvm.location(HikariDataSource.class);
        Path old = directory.resolve("HikariCP-old.jar");
        try (ZipFile in = new ZipFile(hikari.toFile()); OutputStream file = Files.newOutputStream(old);
                JarOutputStream out = new JarOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().equals("com/zaxxer/hikari/HikariConfigMXBean.class")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                try (var bytes = in.getInputStream(entry)) {
                    bytes.transferTo(out);
                }
                out.closeEntry();
            }
        }
        String classPath = old + java.io.File.pathSeparator + ForkedJvm.classPath(HikariOrigins.class, org.slf4j.Logger.class);
        ForkedJvm.Result run = ForkedJvm.run(ForkedJvm.command("-javaagent:" + ForkedJvm.agentJar() + "=report",
                "-cp", classPath, HikariOrigins.class.getName()));
        assertFalse(run.says("HikariCP.jar supplied by the agent"), run.output());
        assertTrue(run.says("runtime: HikariCP.jar from the application: jar:file:" + old.toAbsolutePath()
                + "!/com/zaxxer/hikari/HikariConfig.class (a version without com.zaxxer.hikari.HikariConfigMXBean)"),
                run.output());
        // the interface comes from no jar: not from the agent's copy beside the application's
        assertTrue(run.says("origin com.zaxxer.hikari.HikariConfigMXBean none"), run.output());
    }
}
