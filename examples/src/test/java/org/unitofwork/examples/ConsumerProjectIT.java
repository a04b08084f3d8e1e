package org.unitofwork.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own project, as the README's "Use it in your own project" sets it up: a separate Maven
 * project whose {@code pom.xml} is the README's BOM, dependency and build blocks exactly as written,
 * with the README's {@code Shop} and {@code Guestbook} as its sources, built by the Maven that runs
 * this build against the artifacts this build made, on this JDK and on JDK 25. Both programs run in
 * it and must print what the README says they print.
 *
 * <p>An integration test, so that it runs once the reactor has packaged the runtime and the processor:
 * their jars are "installed" into a throwaway local repository, whose other groups are links to the
 * user's, so that nothing this branch built lands in {@code ~/.m2} and nothing already there is
 * downloaded again.
 */
class ConsumerProjectIT {
    private static final Path ROOT = Path.of(required("unitofwork.root"));
    private static final String VERSION = required("unitofwork.version");
    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final String EXEC = "org.codehaus.mojo:exec-maven-plugin:3.5.1:java";

    @Test
    void readmeSetUpBuildsAndRunsOnThisJdk(@TempDir Path dir) throws Exception {
        buildAndRun(dir, Path.of(System.getProperty("java.home")));
    }

    @Test
    void readmeSetUpBuildsAndRunsOnJdk25(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(JDK25), "no JDK 25 at " + JDK25 + ": the README's set-up is"
                + " checked on this build's JDK only. Install Temurin 25 there to check it on JDK 25 too.");
        Assumptions.assumeFalse(Path.of(System.getProperty("java.home")).toRealPath().equals(JDK25.toRealPath()),
                "this build runs on JDK 25 already: readmeSetUpBuildsAndRunsOnThisJdk covers it");
        buildAndRun(dir, JDK25);
    }

    private static void buildAndRun(Path dir, Path jdk) throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Path project = Files.createDirectories(dir.resolve("shop"));
        Files.writeString(project.resolve("pom.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                <modelVersion>4.0.0</modelVersion>
                <groupId>com.example</groupId>
                <artifactId>shop</artifactId>
                <version>1</version>
                <properties><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
                """ + block(readme, "pom:bom") + block(readme, "pom:dependencies") + block(readme, "pom:build")
                + "</project>\n");
        Path sources = Files.createDirectories(project.resolve("src/main/java"));
        for (String program : List.of("Shop", "Guestbook")) {
            Files.writeString(sources.resolve(program + ".java"), javaBlock(readme, program));
        }
        Path repository = dir.resolve("repository");
        try {
            throwawayRepository(repository);
            for (String program : List.of("Shop", "Guestbook")) {
                String printed = maven(project, jdk, repository, "compile", EXEC, "-Dexec.mainClass=" + program);
                assertEquals(block(readme, "output:" + program), printed, program
                        + " built from the README's set-up on " + jdk + " does not print what the README shows");
            }
        } finally {
            // unlinked here, so that the temporary directory's clean-up neither follows nor warns about them
            unlink(repository);
            unlink(repository.resolve("org"));
        }
    }

    private static void unlink(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            try (Stream<Path> entries = Files.list(directory)) {
                for (Path entry : (Iterable<Path>) entries::iterator) {
                    if (Files.isSymbolicLink(entry)) {
                        Files.delete(entry);
                    }
                }
            }
        }
    }

    private static String block(String readme, String name) {
        return ReadmeBlocks.marked(readme, name);
    }

    private static String javaBlock(String readme, String className) {
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (m.find()) {
            if (m.group(1).contains("public class " + className + " ")) {
                return m.group(1);
            }
        }
        throw new AssertionError("README.md has no Java block declaring public class " + className);
    }

    /**
     * A local repository holding this build's parent, BOM, runtime, processor and the conventions the
     * processor depends on, and, through links,
     * everything else of the user's local repository.
     */
    private static void throwawayRepository(Path repository) throws IOException {
        Path user = Files.createDirectories(Path.of(required("unitofwork.localRepository")));
        Files.createDirectories(user.resolve("org"));
        Files.createDirectories(repository);
        Path org = Files.createDirectories(repository.resolve("org"));
        try (Stream<Path> groups = Files.list(user)) {
            for (Path group : (Iterable<Path>) groups::iterator) {
                if (!group.getFileName().toString().equals("org")) {
                    Files.createSymbolicLink(repository.resolve(group.getFileName().toString()), group);
                }
            }
        }
        try (Stream<Path> groups = Files.list(user.resolve("org"))) {
            for (Path group : (Iterable<Path>) groups::iterator) {
                if (!group.getFileName().toString().equals("unitofwork")) {
                    Files.createSymbolicLink(org.resolve(group.getFileName().toString()), group);
                }
            }
        }
        install(repository, "unitofwork-parent", ROOT.resolve("pom.xml"), null);
        install(repository, "unitofwork-bom", ROOT.resolve("bom/pom.xml"), null);
        install(repository, "unitofwork-runtime", ROOT.resolve("runtime/pom.xml"), packaged("unitofwork-runtime"));
        install(repository, "unitofwork-conventions", ROOT.resolve("conventions/pom.xml"),
                packaged("unitofwork-conventions"));
        install(repository, "unitofwork-processor", ROOT.resolve("processor/pom.xml"), packaged("unitofwork-processor"));
    }

    /** What {@code mvn install} leaves in a local repository: the POM, and the jar if there is one. */
    private static void install(Path repository, String artifact, Path pom, Path jar) throws IOException {
        Path target = Files.createDirectories(repository.resolve("org/unitofwork").resolve(artifact).resolve(VERSION));
        Files.copy(pom, target.resolve(artifact + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, target.resolve(artifact + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The jar of a module of this build, as the reactor put it on this test's class path. */
    private static Path packaged(String artifact) {
        String name = artifact + "-" + VERSION + ".jar";
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().equals(name)) {
                return Path.of(entry);
            }
        }
        throw new AssertionError(name + " is not on the test class path: run this test in the verify phase of a"
                + " build that packages the runtime and the processor, e.g. mvn -pl examples -am verify");
    }

    /** Runs Maven quietly in the project and returns what the program printed on standard output. */
    private static String maven(Path project, Path jdk, Path repository, String... goals) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(required("maven.home"), "bin", "mvn").toString(),
                "-B", "-q", "-Dstyle.color=never", "-Dmaven.repo.local=" + repository));
        command.addAll(List.of(goals));
        Path out = project.resolve("stdout.txt");
        Path err = project.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("JAVA_HOME", jdk.toString());
        builder.environment().put("PATH", jdk.resolve("bin") + File.pathSeparator + System.getenv("PATH"));
        Process maven = builder.start();
        if (!maven.waitFor(5, TimeUnit.MINUTES)) {
            maven.destroyForcibly();
            fail(String.join(" ", command) + " in " + project + " did not end within 5 minutes");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        if (maven.exitValue() != 0) {
            fail(String.join(" ", command) + " on " + jdk + " failed (exit " + maven.exitValue() + "):\n" + stdout
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        // Maven 3.8 resets the terminal's colour around its own output even when told not to colour it
        return stdout.replaceAll("\u001B\\[[;\\d]*m", "").replace(System.lineSeparator(), "\n");
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run this test through"
                    + " Maven (mvn -pl examples -am verify), whose failsafe configuration sets it");
        }
        return value;
    }
}
