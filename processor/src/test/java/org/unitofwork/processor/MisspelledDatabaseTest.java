package org.unitofwork.processor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.unitofwork.Database;
import org.unitofwork.DatabaseConfigurationException;
import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

/**
 * A {@code @UnitOfWork} method whose {@code database} names a database by a typo: its first call
 * names the boundary and the thread, and points at the registered database meant, never suggesting to
 * build one under the misspelt name.
 */
class MisspelledDatabaseTest {

    /** Wrapped by the processor, as this module's tests compile, in {@code ManagedMisspelledDatabaseTest_Reports}. */
    static class Reports {
        @UnitOfWork(database = "reprots")
        int daily(Session session) {
            return 0;
        }
    }

    @Test
    @SuppressWarnings("deprecation") // Thread.threadId() needs Java 19; getId() is the same number
    void theFirstCallNamesTheBoundaryAndTheThreadAndTheDatabaseMeant() {
        try (Database reports = Database.builder("jdbc:h2:mem:misspelled").name("reports").build()) {
            DatabaseConfigurationException e = assertThrows(DatabaseConfigurationException.class,
                    () -> new ManagedMisspelledDatabaseTest_Reports(new Reports()).daily());
            Thread here = Thread.currentThread();
            assertTrue(e.getMessage().startsWith("Boundary MisspelledDatabaseTest.Reports.daily(Session) on thread '"
                    + here.getName() + "' (#" + here.getId() + ") names database 'reprots', but no database of that"
                    + " name is registered (registered: "), e.getMessage());
            assertTrue(e.getMessage().endsWith(". Did you mean 'reports'? Correct the boundary's database attribute."),
                    e.getMessage());
            assertFalse(e.getMessage().contains("name(\"reprots\")"), e.getMessage());
        }
    }
}
