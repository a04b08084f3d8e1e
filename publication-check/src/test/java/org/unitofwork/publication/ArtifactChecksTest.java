package org.unitofwork.publication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.maven.model.Developer;
import org.apache.maven.model.IssueManagement;
import org.apache.maven.model.License;
import org.apache.maven.model.Model;
import org.apache.maven.model.Scm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks of {@link PublishedArtifactsTest} find what they are there to find: each passes a
 * well-formed artifact and names the fault of a broken one.
 */
class ArtifactChecksTest {
    private static final byte[] LICENSE = "Apache License 2.0\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOTICE = "unitofwork\n".getBytes(StandardCharsets.UTF_8);
    private static final String SOURCE = "package org.example.lib;\n\npublic final class Api {\n}\n";
    private static final String INTERNAL = "package org.example.lib;\n\nfinal class Internal {\n}\n";

    @TempDir
    Path directory;

    @Test
    void moduleName() throws IOException {
        Path named = jar("named.jar", "org.example.lib", Map.of("org/example/lib/Api.class", new byte[0]));
        assertEquals(List.of(), ArtifactChecks.moduleName(named, "org.example.lib"));

        Path unnamed = jar("example-lib-1.0.jar", null, Map.of());
        assertProblem(ArtifactChecks.moduleName(unnamed, "org.example.lib"), "the manifest has no Automatic-Module-Name");
        assertProblem(ArtifactChecks.moduleName(unnamed, "org.example.lib"), "on the module path it is module example.lib");
        assertProblem(ArtifactChecks.moduleName(named, "org.example.other"), "Automatic-Module-Name is org.example.lib, expected org.example.other");
        assertProblem(ArtifactChecks.moduleName(jar("illegal.jar", "org.example.1lib", Map.of()), "org.example.1lib"),
                "the JDK cannot put it on the module path");
        assertProblem(ArtifactChecks.moduleName(directory.resolve("absent.jar"), "org.example.lib"), "absent.jar is missing");
    }

    @Test
    void legalFiles() throws IOException {
        byte[] longerNotice = (new String(NOTICE, StandardCharsets.UTF_8) + "\nByte Buddy\n").getBytes(StandardCharsets.UTF_8);
        Path complete = jar("complete.jar", null, Map.of(ArtifactChecks.LICENSE, LICENSE, ArtifactChecks.NOTICE, longerNotice));
        assertEquals(List.of(), ArtifactChecks.legalFiles(complete, LICENSE, NOTICE));

        assertProblem(ArtifactChecks.legalFiles(jar("bare.jar", null, Map.of()), LICENSE, NOTICE), "has no META-INF/LICENSE");
        assertProblem(ArtifactChecks.legalFiles(jar("bare.jar", null, Map.of()), LICENSE, NOTICE), "has no META-INF/NOTICE");
        Path other = jar("other.jar", null, Map.of(ArtifactChecks.LICENSE, "MIT\n".getBytes(StandardCharsets.UTF_8),
                ArtifactChecks.NOTICE, "someone else\n".getBytes(StandardCharsets.UTF_8)));
        assertProblem(ArtifactChecks.legalFiles(other, LICENSE, NOTICE), "META-INF/LICENSE differs");
        assertProblem(ArtifactChecks.legalFiles(other, LICENSE, NOTICE), "META-INF/NOTICE does not begin with");
    }

    @Test
    void sourcesJar() throws IOException {
        Path sources = sources();
        byte[] internal = INTERNAL.getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(), ArtifactChecks.sourcesJar(jar("s.jar", null, Map.of("org/example/lib/Api.java",
                SOURCE.getBytes(StandardCharsets.UTF_8), "org/example/lib/Internal.java", internal)), sources));

        assertProblem(ArtifactChecks.sourcesJar(jar("part.jar", null, Map.of("org/example/lib/Internal.java", internal)), sources),
                "has no org/example/lib/Api.java");
        assertProblem(ArtifactChecks.sourcesJar(jar("stale.jar", null, Map.of("org/example/lib/Api.java", new byte[1],
                "org/example/lib/Internal.java", internal)), sources), "org/example/lib/Api.java differs");
        assertProblem(ArtifactChecks.sourcesJar(directory.resolve("lib-sources.jar"), sources), "lib-sources.jar is missing");
    }

    @Test
    void javadocJar() throws IOException {
        Path sources = sources();
        byte[] list = "module:org.example.lib\norg.example.lib\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(), ArtifactChecks.javadocJar(jar("d.jar", null, Map.of("index.html", new byte[1], "element-list", list)), sources));

        assertProblem(ArtifactChecks.javadocJar(jar("noindex.jar", null, Map.of("element-list", list)), sources), "has no index.html");
        assertProblem(ArtifactChecks.javadocJar(jar("reserved.jar", null, Map.of("index.html", new byte[1],
                "overview-tree.html", "<footer>Copyright © 2026. All rights reserved.</footer>".getBytes(StandardCharsets.UTF_8),
                "element-list", list)), sources), "overview-tree.html says \"All rights reserved\"");
        assertProblem(ArtifactChecks.javadocJar(jar("nolist.jar", null, Map.of("index.html", new byte[1])), sources),
                "documents the packages [], expected those with a public type: [org.example.lib]");
        assertProblem(ArtifactChecks.javadocJar(directory.resolve("lib-javadoc.jar"), sources), "lib-javadoc.jar is missing");
    }

    @Test
    void metadata() {
        Model reference = pom("parent", "https://example.org/lib");
        assertEquals(List.of(), ArtifactChecks.metadata(pom("lib", "https://example.org/lib"), reference));

        // what Maven makes of an inherited <scm> and <url> unless told not to append the module's name
        Model appended = pom("lib", "https://example.org/lib/lib");
        assertProblem(ArtifactChecks.metadata(appended, reference), "lib's effective POM has <url> https://example.org/lib/lib");
        assertProblem(ArtifactChecks.metadata(appended, reference), "lib's effective POM has <scm>");

        Model bare = new Model();
        bare.setArtifactId("bare");
        List<String> problems = ArtifactChecks.metadata(bare, reference);
        for (String missing : List.of("<name>", "<description>", "<url>", "<licenses>", "<scm>", "<developers>", "<issueManagement>")) {
            assertProblem(problems, missing);
        }
    }

    private Path sources() throws IOException {
        Path sources = directory.resolve("src");
        Files.createDirectories(sources.resolve("org/example/lib"));
        Files.writeString(sources.resolve("org/example/lib/Api.java"), SOURCE);
        Files.writeString(sources.resolve("org/example/lib/Internal.java"), INTERNAL);
        return sources;
    }

    private Path jar(String name, String moduleName, Map<String, byte[]> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (moduleName != null) {
            manifest.getMainAttributes().putValue("Automatic-Module-Name", moduleName);
        }
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

    private static Model pom(String artifactId, String url) {
        Model pom = new Model();
        pom.setArtifactId(artifactId);
        pom.setName(artifactId);
        pom.setDescription("A library.");
        pom.setUrl(url);
        License license = new License();
        license.setName("Apache License, Version 2.0");
        license.setUrl("https://www.apache.org/licenses/LICENSE-2.0.txt");
        pom.addLicense(license);
        Scm scm = new Scm();
        scm.setConnection("scm:git:" + url + ".git");
        scm.setDeveloperConnection("scm:git:" + url + ".git");
        scm.setUrl(url);
        pom.setScm(scm);
        Developer developer = new Developer();
        developer.setName("The authors");
        pom.addDeveloper(developer);
        IssueManagement issues = new IssueManagement();
        issues.setUrl("https://example.org/lib/issues");
        pom.setIssueManagement(issues);
        return pom;
    }

    private static void assertProblem(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "a problem containing \"" + expected + "\" in " + problems);
    }
}
