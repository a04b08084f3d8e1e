package org.unitofwork.publication;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.apache.maven.model.Developer;
import org.apache.maven.model.IssueManagement;
import org.apache.maven.model.Model;
import org.apache.maven.model.Scm;

/**
 * The checks of what one module publishes. Each returns the problems it found, as sentences that name
 * the file or the POM element at fault, so that a failing run lists every problem at once.
 */
final class ArtifactChecks {
    static final String LICENSE = "META-INF/LICENSE";
    static final String NOTICE = "META-INF/NOTICE";
    private static final String MODULE_NAME = "Automatic-Module-Name";
    /** A public top-level type, as the sources are formatted: at the start of a line. */
    private static final Pattern PUBLIC_TOP_LEVEL_TYPE = Pattern.compile(
            "(?m)^public\\s+(?:(?:abstract|final|sealed|non-sealed|strictfp)\\s+)*(?:class|interface|enum|record|@interface)\\s");

    private ArtifactChecks() {
    }

    /** The jar names its module {@code expected} in its manifest, and the JDK reads it as that module. */
    static List<String> moduleName(Path jar, String expected) {
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(jar)) {
            return List.of(jar + " is missing");
        }
        String declared = manifest(jar).getMainAttributes().getValue(MODULE_NAME);
        if (declared == null) {
            problems.add(jar + ": the manifest has no " + MODULE_NAME + " (expected " + expected + ")");
        } else if (!declared.equals(expected)) {
            problems.add(jar + ": the manifest's " + MODULE_NAME + " is " + declared + ", expected " + expected);
        }
        try {
            Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
            String name = found.iterator().next().descriptor().name();
            if (!name.equals(expected)) {
                problems.add(jar + ": on the module path it is module " + name + ", expected " + expected);
            }
        } catch (FindException e) {
            problems.add(jar + ": the JDK cannot put it on the module path: " + e.getMessage());
        }
        return problems;
    }

    /** The jar carries the project's LICENSE as it is, and a NOTICE that begins with the project's. */
    static List<String> legalFiles(Path jar, byte[] license, byte[] notice) {
        if (!Files.isRegularFile(jar)) {
            return List.of(jar + " is missing");
        }
        List<String> problems = new ArrayList<>();
        byte[] carriedLicense = entry(jar, LICENSE);
        if (carriedLicense == null) {
            problems.add(jar + " has no " + LICENSE);
        } else if (!Arrays.equals(carriedLicense, license)) {
            problems.add(jar + ": " + LICENSE + " differs from the LICENSE at the root of the repository");
        }
        byte[] carriedNotice = entry(jar, NOTICE);
        if (carriedNotice == null) {
            problems.add(jar + " has no " + NOTICE);
        } else if (!Arrays.equals(Arrays.copyOf(carriedNotice, Math.min(carriedNotice.length, notice.length)), notice)) {
            problems.add(jar + ": " + NOTICE + " does not begin with the NOTICE at the root of the repository");
        }
        return problems;
    }

    /** The sources jar holds every source file of {@code sources}, unchanged, at its package path. */
    static List<String> sourcesJar(Path jar, Path sources) {
        if (!Files.isRegularFile(jar)) {
            return List.of(jar + " is missing");
        }
        List<String> problems = new ArrayList<>();
        for (Path file : javaFiles(sources)) {
            String name = sources.relativize(file).toString().replace('\\', '/');
            byte[] packed = entry(jar, name);
            if (packed == null) {
                problems.add(jar + " has no " + name);
            } else if (!Arrays.equals(packed, read(file))) {
                problems.add(jar + ": " + name + " differs from " + file);
            }
        }
        return problems;
    }

    /**
     * The Javadoc jar documents exactly the packages of {@code sources} that hold a public type, and
     * its pages do not claim all rights reserved: the licence is Apache-2.0.
     */
    static List<String> javadocJar(Path jar, Path sources) {
        if (!Files.isRegularFile(jar)) {
            return List.of(jar + " is missing");
        }
        if (entry(jar, "index.html") == null) {
            return List.of(jar + " has no index.html");
        }
        String reserved = htmlContaining(jar, "All rights reserved");
        if (reserved != null) {
            return List.of(jar + ": " + reserved + " says \"All rights reserved\", though the licence is Apache-2.0;"
                    + " set the javadoc plugin's <bottom> in the parent POM");
        }
        byte[] elementList = entry(jar, "element-list");
        Set<String> documented = new TreeSet<>();
        if (elementList != null) {
            // an element-list names the module too, when javadoc documents the jar as its automatic module
            new String(elementList, StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("module:"))
                    .forEach(documented::add);
        }
        Set<String> expected = new TreeSet<>();
        for (Path file : javaFiles(sources)) {
            if (PUBLIC_TOP_LEVEL_TYPE.matcher(new String(read(file), StandardCharsets.UTF_8)).find()) {
                expected.add(sources.relativize(file.getParent()).toString().replace(File.separatorChar, '.'));
            }
        }
        return documented.equals(expected) ? List.of()
                : List.of(jar + " documents the packages " + documented + ", expected those with a public type: " + expected);
    }

    /**
     * The effective POM has what a repository such as Maven Central asks of a published POM, with the
     * same url, licence, SCM and issue tracker as {@code reference}: inherited as they are, not with
     * the module's name appended to the URLs.
     */
    static List<String> metadata(Model pom, Model reference) {
        List<String> problems = new ArrayList<>();
        String what = pom.getArtifactId() + "'s effective POM";
        if (isBlank(pom.getName())) {
            problems.add(what + " has no <name>");
        }
        if (isBlank(pom.getDescription())) {
            problems.add(what + " has no <description>");
        }
        if (isBlank(reference.getUrl()) || !reference.getUrl().equals(pom.getUrl())) {
            problems.add(what + " has <url> " + pom.getUrl() + ", expected " + reference.getUrl());
        }
        if (pom.getLicenses().isEmpty() || !licenses(pom).equals(licenses(reference))) {
            problems.add(what + " has <licenses> " + licenses(pom) + ", expected " + licenses(reference));
        }
        if (!scm(pom).equals(scm(reference)) || scm(pom).contains(null)) {
            problems.add(what + " has <scm> " + scm(pom) + ", expected " + scm(reference));
        }
        if (pom.getDevelopers().isEmpty() || pom.getDevelopers().stream().map(Developer::getName).anyMatch(ArtifactChecks::isBlank)) {
            problems.add(what + " has no <developers> with a <name>");
        }
        IssueManagement issues = pom.getIssueManagement();
        IssueManagement expectedIssues = reference.getIssueManagement();
        if (issues == null || expectedIssues == null || !Objects.equals(issues.getUrl(), expectedIssues.getUrl())) {
            problems.add(what + " has <issueManagement> " + (issues == null ? null : issues.getUrl()) + ", expected "
                    + (expectedIssues == null ? null : expectedIssues.getUrl()));
        }
        return problems;
    }

    private static List<String> licenses(Model pom) {
        return pom.getLicenses().stream().map(l -> l.getName() + " <" + l.getUrl() + ">").toList();
    }

    private static List<String> scm(Model pom) {
        Scm scm = pom.getScm() == null ? new Scm() : pom.getScm();
        return Arrays.asList(scm.getConnection(), scm.getDeveloperConnection(), scm.getUrl());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static Manifest manifest(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest == null ? new Manifest() : manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /** The bytes of entry {@code name} of {@code jar}, or {@code null} when it has none. */
    /** The name of the first HTML page of the jar that contains {@code text}, or {@code null}. */
    private static String htmlContaining(Path jar, String text) {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
                if (entry.getName().endsWith(".html")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        if (new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(text)) {
                            return entry.getName();
                        }
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    private static byte[] entry(Path jar, String name) {
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry entry = file.getEntry(name);
            if (entry == null) {
                return null;
            }
            try (InputStream in = file.getInputStream(entry)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    private static List<Path> javaFiles(Path sources) {
        if (!Files.isDirectory(sources)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + sources, e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
