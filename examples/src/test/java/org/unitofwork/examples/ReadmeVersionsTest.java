package org.unitofwork.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every README that tells users which version of a unitofwork artifact to take names the project's
 * version, so that a release cannot leave one behind, and none leaves it to an undefined property.
 */
class ReadmeVersionsTest {
    /** A Maven coordinate of ours with its version, in XML or Gradle notation. */
    private static final Pattern VERSIONED = Pattern.compile(
            "<artifactId>unitofwork-[a-z-]+</artifactId>\\s*<version>([^<]+)</version>"
                    + "|\"org\\.unitofwork:unitofwork-[a-z-]+:([^\"]+)\"");

    @Test
    void everyReadmeNamesTheProjectsVersion() throws IOException {
        Path root = Path.of("..");
        String pom = Files.readString(root.resolve("pom.xml"));
        Matcher own = Pattern.compile("<artifactId>unitofwork-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(own.find(), "the parent POM's version");
        List<String> wrong = new ArrayList<>();
        int found = 0;
        try (Stream<Path> files = Files.walk(root, 3)) {
            for (Path readme : (Iterable<Path>) files.filter(p -> p.getFileName().toString().equals("README.md")
                    && !p.toString().contains("target"))::iterator) {
                Matcher m = VERSIONED.matcher(Files.readString(readme));
                while (m.find()) {
                    found++;
                    String version = m.group(1) != null ? m.group(1) : m.group(2);
                    if (!version.equals(own.group(1))) {
                        wrong.add(readme + ": " + m.group());
                    }
                }
            }
        }
        assertFalse(found == 0, "no README names a version of a unitofwork artifact");
        assertEquals(List.of(), wrong, "READMEs that do not name version " + own.group(1) + ": give it to them");
    }
}
