package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.unitofwork.scenarios.TestDatabase;

/** The guarded connection offers no way out of the unit, {@code unwrap} included. */
class UnwrapTest {

    @Test
    void theDriversConnectionIsNeverHandedOut() throws Exception {
        try (Database db = Database.builder("jdbc:h2:mem:unwrap").name("unwrap").build()) {
            Boundary.builder("Escape.attempt").database("unwrap").build().run(session -> {
                Connection c = session.connection();
                assertSame(c, c.unwrap(Connection.class));
                assertFalse(c.isWrapperFor(org.h2.jdbc.JdbcConnection.class));
                GuardedConnectionException e = assertThrows(GuardedConnectionException.class,
                        () -> c.unwrap(org.h2.jdbc.JdbcConnection.class));
                assertTrue(e.getMessage().startsWith("unwrap(org.h2.jdbc.JdbcConnection) is not allowed on the"
                        + " connection of the unit that boundary Escape.attempt opened on database 'unwrap' on"
                        + " thread '"), e.getMessage());
            });
        }
    }

    @Test
    void aDriverExtensionIsAViewThatEndsWithTheUnit() throws Exception {
        TestDatabase.POSTGRES.assumeAvailable();
        try (Database db = TestDatabase.POSTGRES.build("unwrap", TestDatabase.POSTGRES.newUrl(), 1)) {
            AtomicReference<PGConnection> leaked = new AtomicReference<>();
            Boundary.builder("Copy.bulkLoad").database("unwrap").build().run(session -> {
                assertTrue(session.connection().isWrapperFor(PGConnection.class));
                PGConnection pg = session.connection().unwrap(PGConnection.class);
                assertFalse(pg instanceof Connection, "no cast may reach the driver's connection");
                assertEquals(TestDatabase.POSTGRES.sessionId(session.connection()), pg.getBackendPID());
                leaked.set(pg);
            });
            assertThrows(NoActiveUnitException.class, () -> leaked.get().getBackendPID());
        }
    }
}
