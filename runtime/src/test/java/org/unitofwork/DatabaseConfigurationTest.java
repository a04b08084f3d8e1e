package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Bad configuration gets a clear error at build time, and credentials never leak into it. */
class DatabaseConfigurationTest {

    @Test
    void unknownNameSaysWhatIsRegisteredAndHowToBuildIt() {
        try (Database shop = Database.builder("jdbc:h2:mem:cfg_shop").name("shop").build()) {
            DatabaseConfigurationException e = assertThrows(DatabaseConfigurationException.class,
                    () -> Database.named("reports"));
            assertEquals("No database named 'reports' is registered (registered: shop): build it first with"
                    + " Database.builder(jdbcUrl).name(\"reports\").build().", e.getMessage());
            assertSame(shop, Database.named("shop"));
            assertThrows(DatabaseConfigurationException.class, () -> Session.current("reports"));
        }
    }

    @Test
    void aBoundaryNamingAMisspelledDatabaseIsToldWhichOneItMeant() {
        try (Database reports = Database.builder("jdbc:h2:mem:cfg_reports").name("reports").build()) {
            Boundary typo = Boundary.builder("Reports.daily()").database("reprots").build();
            DatabaseConfigurationException e = assertThrows(DatabaseConfigurationException.class,
                    () -> typo.run(session -> { }));
            assertEquals("Boundary Reports.daily() on " + Threads.describe(Thread.currentThread()) + " names database"
                    + " 'reprots', but no database of that name is registered (registered: reports). Did you mean"
                    + " 'reports'? Correct the boundary's database attribute.", e.getMessage());
            Boundary missing = Boundary.builder("Audit.write()").database("audit").build();
            e = assertThrows(DatabaseConfigurationException.class, () -> missing.run(session -> { }));
            assertTrue(e.getMessage().contains("Build it before the boundary's first call: Database.builder(jdbcUrl)"
                    + ".name(\"audit\").build()"), e.getMessage());
        }
    }

    @Test
    void retriesRunOutAndTheCallerIsToldHowManyAttemptsWereMade() {
        try (Database db = Database.builder("jdbc:h2:mem:cfg_retries").name("retrying").build()) {
            Boundary contended = Boundary.builder("Stock.reserve()").database("retrying").retries(2).build();
            int[] attempts = {0};
            java.sql.SQLException last = assertThrows(java.sql.SQLException.class, () -> contended.run(session -> {
                attempts[0]++;
                throw new java.sql.SQLException("could not serialize access", "40001");
            }));
            assertEquals(3, attempts[0]);
            assertTrue(java.util.Arrays.stream(last.getSuppressed()).anyMatch(s -> s.getMessage().equals(
                    "Boundary Stock.reserve() on database 'retrying' on " + Threads.describe(Thread.currentThread())
                    + " gave up after 3 attempts (retries = 2): each failed with a transient conflict; the earlier"
                    + " attempts' failures are suppressed here too. Make the units conflict less (shorter, in one lock"
                    + " order), or raise retries.")),
                    "nothing says the retries ran out: " + java.util.Arrays.toString(last.getSuppressed()));
            assertEquals(3, last.getSuppressed().length, "the note and the two earlier failures");
        }
    }

    @Test
    void nameAlreadyTakenIsRefusedAndFreedByClose() {
        Database first = Database.builder("jdbc:h2:mem:cfg_first").name("taken").build();
        DatabaseConfigurationException e = assertThrows(DatabaseConfigurationException.class,
                () -> Database.builder("jdbc:h2:mem:cfg_second").name("taken").build());
        assertTrue(e.getMessage().startsWith("A database named 'taken' is already registered (jdbc:h2:mem:cfg_first)"),
                e.getMessage());
        first.close();
        assertTrue(first.isClosed());
        try (Database second = Database.builder("jdbc:h2:mem:cfg_second").name("taken").build()) {
            assertSame(second, Database.named("taken"));
        }
    }

    @Test
    void boundaryFindsTheDatabaseBuiltAgainUnderItsName() throws Exception {
        Boundary boundary = Boundary.builder("Reports.count").database("rebuilt").build();
        Database first = Database.builder("jdbc:h2:mem:cfg_rebuilt1").name("rebuilt").build();
        assertSame(first, boundary.call(Session::database));
        first.close();
        try (Database second = Database.builder("jdbc:h2:mem:cfg_rebuilt2").name("rebuilt").build()) {
            assertSame(second, boundary.call(Session::database));
        }
    }

    @Test
    void notAJdbcUrl() {
        DatabaseConfigurationException e = assertThrows(DatabaseConfigurationException.class,
                () -> Database.builder("postgres://app:hunter22@db/shop"));
        assertEquals("Not a JDBC URL: 'postgres://app:****@db/shop'. Give one such as"
                + " jdbc:postgresql://127.0.0.1:5432/shop or jdbc:h2:mem:shop.", e.getMessage());
        assertThrows(DatabaseConfigurationException.class, () -> Database.builder(null));
    }

    @Test
    void invalidSettingsAreRefused() {
        DatabaseConfigurationException e = assertThrows(DatabaseConfigurationException.class,
                () -> Database.builder("jdbc:h2:mem:cfg").poolSize(0));
        assertEquals("Database 'default': poolSize must be at least 1, not 0.", e.getMessage());
        assertThrows(DatabaseConfigurationException.class, () -> Database.builder("jdbc:h2:mem:cfg").name(" "));
    }

    @Test
    void unknownDriverFailsAtBuildWithoutRevealingThePassword() {
        String url = "jdbc:nosuchdb://db.example:1234/shop?user=app&password=hunter22";
        String log = capturingStandardError(() -> {
            DatabaseConfigurationException e = assertThrows(DatabaseConfigurationException.class,
                    () -> Database.builder(url).name("nodriver").password("pa55-word").build());
            assertTrue(e.getMessage().startsWith("Cannot open database 'nodriver' at"
                    + " jdbc:nosuchdb://db.example:1234/shop?user=app&password=****: "), e.getMessage());
            assertNoSecret(e, "hunter22", "pa55-word");
            return null;
        });
        assertFalse(log.contains("hunter22"), log);
        assertFalse(log.contains("pa55-word"), log);
        assertThrows(DatabaseConfigurationException.class, () -> Database.named("nodriver"));
    }

    @Test
    void unreachableServerFailsAtBuildWithoutRevealingThePassword() {
        String log = capturingStandardError(() -> {
            DatabaseConfigurationException e = assertThrows(DatabaseConfigurationException.class,
                    () -> Database.builder("jdbc:postgresql://127.0.0.1:1/test?password=hunter22")
                            .name("unreachable").user("app").password("pa55-word").build());
            assertTrue(e.getMessage().startsWith("Cannot open database 'unreachable' at"
                    + " jdbc:postgresql://127.0.0.1:1/test?password=**** as user 'app': "), e.getMessage());
            assertTrue(e.getMessage().endsWith("Check the URL, the credentials and that the server is reachable."),
                    e.getMessage());
            assertNoSecret(e, "hunter22", "pa55-word");
            return null;
        });
        assertFalse(log.contains("hunter22"), log);
        assertFalse(log.contains("pa55-word"), log);
    }

    @Test
    void toStringShowsNoPassword() {
        try (Database db = Database.builder("jdbc:h2:mem:cfg_secret;PASSWORD=hunter22").name("secret").user("sa")
                .password("hunter22").build()) {
            assertEquals("Database[secret, jdbc:h2:mem:cfg_secret;PASSWORD=****]", db.toString());
            assertFalse(db.dataSource().toString().contains("hunter22"));
        }
    }

    @Test
    void poolRunsWithoutAutoCommitWhateverTheEscapeHatchSays() throws Exception {
        try (Database db = Database.builder("jdbc:h2:mem:cfg_autocommit").name("autocommit")
                .configure(c -> c.setAutoCommit(true)).build()) {
            Boundary inIt = Boundary.builder("Check.autoCommit").database("autocommit").build();
            boolean autoCommit = inIt.call(session -> session.connection().getAutoCommit());
            assertFalse(autoCommit);
        }
    }

    private static void assertNoSecret(Throwable failure, String... secrets) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (String secret : secrets) {
                assertFalse(String.valueOf(t.getMessage()).contains(secret), t.getClass() + ": " + t.getMessage());
                for (Throwable suppressed : t.getSuppressed()) {
                    assertNoSecret(suppressed, secrets);
                }
            }
        }
    }

    private static String capturingStandardError(Supplier<Void> action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.get();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
