package org.unitofwork.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The processor's output for representative inputs, compared with the golden sources in
 * {@code src/test/resources/golden/<case>/expected}, character for character. Every output must also
 * compile without a single warning under {@code -Xlint:all}. On a mismatch the actual source is
 * written to {@code target/golden-actual/<case>} for comparison.
 */
class GoldenSourcesTest {
    private static final String PACKAGE = "com.example";

    @Test
    void instanceMethodsWithSessionInjectionOverloadsPrimitivesArraysAndThrows() throws IOException {
        assertGolden("instance", List.of("AccountService"), List.of("ManagedAccountService"));
    }

    @Test
    void staticMethodsWithConnectionInjection() throws IOException {
        assertGolden("statics", List.of("Reports"), List.of("ManagedReports"));
    }

    @Test
    void genericTypeGenericMethodsBoundsAndVarargs() throws IOException {
        assertGolden("generics", List.of("Repository"), List.of("ManagedRepository"));
    }

    @Test
    void nestedTypeGetsItsEnclosingTypesInItsName() throws IOException {
        assertGolden("nested", List.of("Outer"), List.of("ManagedOuter_Inner"));
    }

    @Test
    void wrapperImplementsTheInterfaceWhenNothingIsInjected() throws IOException {
        assertGolden("interfaces",
                List.of("Accounts", "JdbcAccounts", "Ledger", "LedgerClosedException", "Audit", "Store", "NameStore"),
                List.of("ManagedJdbcAccounts", "ManagedLedger", "ManagedAudit", "ManagedNameStore"));
    }

    @Test
    void typeLevelAnnotationAppliesToPublicMethodsWithoutTheirOwn() throws IOException {
        assertGolden("typelevel", List.of("Catalog", "Prices", "Mode"), List.of("ManagedCatalog", "ManagedPrices", "ManagedMode"));
    }

    @Test
    void sessionKindOfAnIntegrationModuleIsInjectedWhenItsMarkerIsOnTheClassPath() throws IOException {
        // src/test/resources/org/unitofwork/sessionkinds/com.example.Journal marks Journal as a kind
        assertGolden("kinds", List.of("Journal", "Postings"), List.of("ManagedPostings"));
    }

    @Test
    void onlyAttributesThatDifferFromTheDefaultsAreSet() throws IOException {
        assertGolden("attributes", List.of("Payments"), List.of("ManagedPayments"));
    }

    private static void assertGolden(String name, List<String> inputs, List<String> outputs) throws IOException {
        JavaFileObject[] sources = inputs.stream()
                .map(input -> JavaFileObjects.forResource("golden/" + name + "/input/" + input + ".java"))
                .toArray(JavaFileObject[]::new);
        Compilation compilation = Compilations.compile(sources);
        assertThat(compilation).succeeded();

        Set<String> generated = new TreeSet<>();
        for (JavaFileObject file : compilation.generatedSourceFiles()) {
            generated.add(file.getName().replaceAll(".*/", ""));
        }
        Set<String> expected = new TreeSet<>();
        outputs.forEach(output -> expected.add(output + ".java"));
        assertEquals(expected, generated, "generated files");

        Map<String, String> goldenByOutput = new LinkedHashMap<>();
        Map<String, String> actualByOutput = new LinkedHashMap<>();
        for (String output : outputs) {
            String actual = compilation.generatedSourceFile(PACKAGE + "." + output).orElseThrow().getCharContent(false).toString();
            String golden = read("golden/" + name + "/expected/" + output + ".java");
            if (!actual.equals(golden)) {
                Path copy = Path.of("target", "golden-actual", name, output + ".java");
                Files.createDirectories(copy.getParent());
                Files.writeString(copy, actual);
            }
            goldenByOutput.put(output, golden);
            actualByOutput.put(output, actual);
        }
        for (String output : outputs) {
            assertEquals(goldenByOutput.get(output), actualByOutput.get(output),
                    output + " differs from its golden source; the actual one is in target/golden-actual");
        }
        assertThat(compilation).succeededWithoutWarnings();
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = GoldenSourcesTest.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? "(no golden source " + resource + ")" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
