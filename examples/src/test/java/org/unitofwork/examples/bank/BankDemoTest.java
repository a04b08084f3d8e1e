package org.unitofwork.examples.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.unitofwork.Database;
import org.unitofwork.examples.ReadmeBlocks;

/** The bank batch end to end, on H2 and on PostgreSQL: its invariants must hold. */
class BankDemoTest {

    @Test
    void invariantsHoldOnH2AndTheOutputReadsAsTheReadmeShows() throws Exception {
        // the URL the program itself uses, which its first line names
        try (Database db = Database.builder("jdbc:h2:mem:bank;DB_CLOSE_DELAY=-1").poolSize(8).build()) {
            String report = assertHeld(db);
            String shown = ReadmeBlocks.output("BankDemo");
            assertTrue(ReadmeBlocks.sameButForNumbers(shown, report),
                    "the README shows\n" + shown + "but the bank batch printed\n" + report);
        }
    }

    @Test
    void invariantsHoldOnPostgres() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:5432/test";
        try (Connection probe = DriverManager.getConnection(url, "postgres", "")) {
            probe.isValid(2);
        } catch (Exception e) {
            if (Boolean.parseBoolean(System.getenv("UNITOFWORK_REQUIRE_DATABASES"))) {
                throw new AssertionError("PostgreSQL is not reachable at " + url + "; start it", e);
            }
            Assumptions.abort("PostgreSQL is not reachable at " + url + ": skipping. Set"
                    + " UNITOFWORK_REQUIRE_DATABASES=true to make this a failure.");
        }
        try (Database db = Database.builder(url).user("postgres").poolSize(8).build()) {
            assertHeld(db);
        }
    }

    private static String assertHeld(Database db) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        BankDemo.Result result = BankDemo.run(db, 8, 1_000, new PrintStream(output, true, StandardCharsets.UTF_8));
        String report = output.toString(StandardCharsets.UTF_8);
        assertTrue(result.invariantsHeld(), report);
        assertTrue(report.endsWith("invariants held" + System.lineSeparator()), report);
        assertTrue(result.refused() > 0 && result.faulted() > 0, "the run must exercise both failures: " + report);
        assertEquals(1_000, result.committed() + result.refused() + result.faulted(), report);
        assertTrue(report.contains(String.format("  100%%  %d committed, %d refused, %d struck by a fault%n",
                result.committed(), result.refused(), result.faulted())),
                "the last progress line must add up to the summary: " + report);
        return report;
    }
}
