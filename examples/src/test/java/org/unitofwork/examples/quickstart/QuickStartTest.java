package org.unitofwork.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.unitofwork.Database;

class QuickStartTest {
    @Test
    void transfersKeepTheInvariantsOnH2() throws Exception {
        try (Database db = Database.builder("jdbc:h2:mem:quickstart_test;DB_CLOSE_DELAY=-1").build()) {
            assertTrue(QuickStart.run(db));
            assertEquals(0, db.activeConnections());
        }
    }
}
