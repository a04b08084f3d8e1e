import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Prints, at the end of {@code mvn verify}, how many tests the build ran and every test that skipped,
 * grouped by the reason it gave: the reasons are otherwise only in the Surefire and Failsafe XML
 * reports of each module. Only reports written since the build started count, so a module this build
 * did not test is not reported with stale results.
 *
 * <p>Arguments: the build's root directory, and the instant the build started (ISO-8601).
 */
public final class TestSummary {
    /** How many test classes a reason names before it says how many more there are. */
    private static final int CLASSES_SHOWN = 4;

    private TestSummary() {
    }

    /** One skipped test: where, and why. */
    record Skipped(String module, String testClass, String reason) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toRealPath();
        Instant since = Instant.parse(args[1]);
        int modules = 0;
        int tests = 0;
        int failed = 0;
        List<Skipped> skipped = new ArrayList<>();
        for (Path reports : reportDirectories(root)) {
            boolean counted = false;
            try (Stream<Path> files = Files.list(reports)) {
                for (Path report : (Iterable<Path>) files::iterator) {
                    String name = report.getFileName().toString();
                    if (!name.startsWith("TEST-") || !name.endsWith(".xml")
                            || Files.getLastModifiedTime(report).toInstant().isBefore(since)) {
                        continue;
                    }
                    counted = true;
                    Element suite = parse(report).getDocumentElement();
                    tests += number(suite, "tests");
                    failed += number(suite, "failures") + number(suite, "errors");
                    String module = root.relativize(reports.getParent().getParent()).toString();
                    NodeList cases = suite.getElementsByTagName("testcase");
                    for (int i = 0; i < cases.getLength(); i++) {
                        Element testCase = (Element) cases.item(i);
                        NodeList skips = testCase.getElementsByTagName("skipped");
                        if (skips.getLength() > 0) {
                            skipped.add(new Skipped(module, simpleName(testCase.getAttribute("classname")),
                                    reason((Element) skips.item(0))));
                        }
                    }
                }
            }
            if (counted) {
                modules++;
            }
        }
        print(modules, tests, failed, skipped);
    }

    private static void print(int modules, int tests, int failed, List<Skipped> skipped) {
        System.out.println();
        if (tests == 0) {
            System.out.println("Test summary: this build wrote no test reports.");
            return;
        }
        System.out.printf("Test summary: %d tests in %d modules, %d failed, %d skipped%s%n", tests, modules, failed,
                skipped.size(), skipped.isEmpty() ? "." : ", for these reasons:");
        Map<String, List<Skipped>> byReason = new TreeMap<>();
        for (Skipped s : skipped) {
            byReason.computeIfAbsent(s.reason(), r -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<Skipped>> reason : byReason.entrySet()) {
            TreeSet<String> classes = new TreeSet<>();
            for (Skipped s : reason.getValue()) {
                classes.add(s.module() + ": " + s.testClass());
            }
            List<String> shown = new ArrayList<>(classes).subList(0, Math.min(CLASSES_SHOWN, classes.size()));
            String more = classes.size() > shown.size() ? ", and " + (classes.size() - shown.size()) + " more classes" : "";
            System.out.printf("  %3d  %s%n       in %s%s%n", reason.getValue().size(), reason.getKey(),
                    String.join(", ", shown), more);
        }
    }

    /** Every {@code target/surefire-reports} and {@code target/failsafe-reports} of the build's modules. */
    private static List<Path> reportDirectories(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root, 4)) {
            return paths.filter(p -> Files.isDirectory(p) && p.getParent() != null
                            && "target".equals(p.getParent().getFileName().toString())
                            && ("surefire-reports".equals(p.getFileName().toString())
                                    || "failsafe-reports".equals(p.getFileName().toString())))
                    .sorted()
                    .toList();
        }
    }

    /**
     * The first line of why a test skipped: the report's message, or, where Surefire keeps the whole
     * stack trace instead (trimStackTrace off), the first line of the trace without the exception's name.
     */
    private static String reason(Element skipped) {
        String reason = skipped.getAttribute("message").strip();
        if (reason.isEmpty()) {
            reason = skipped.getTextContent().strip().lines().findFirst().orElse("");
            String type = skipped.getAttribute("type");
            if (!type.isEmpty() && reason.startsWith(type + ": ")) {
                reason = reason.substring(type.length() + 2);
            }
        }
        reason = reason.lines().findFirst().orElse("").replaceFirst("^Assumption failed: ", "");
        return reason.isEmpty() ? "(no reason given)" : reason;
    }

    private static Document parse(Path report) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // a test report names no external entity; refuse any rather than fetch it
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(report.toFile());
    }

    private static int number(Element suite, String attribute) {
        String value = suite.getAttribute(attribute);
        return value.isEmpty() ? 0 : Integer.parseInt(value);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
