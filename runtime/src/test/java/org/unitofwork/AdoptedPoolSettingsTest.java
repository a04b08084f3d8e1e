package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

/**
 * README, "Code that only knows DataSource": an adopted pool that is not HikariCP gets its
 * connections back "as they found them", settings the unit's own code changed through the guarded
 * connection (isolation, say) included: nothing leaks into the next unit on that connection.
 */
class AdoptedPoolSettingsTest {

    @Test
    void adoptedPoolGetsItsConnectionBackAsItLentIt() throws Exception {
        JdbcConnectionPool appPool = JdbcConnectionPool.create("jdbc:h2:mem:adopted_settings;DB_CLOSE_DELAY=-1", "sa", "");
        appPool.setMaxConnections(1);
        try (Database db = Database.adopt("adopted-settings", appPool)) {
            int lent;
            try (Connection c = appPool.getConnection()) {
                lent = c.getTransactionIsolation();
            }
            db.run(session -> session.connection().setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE));
            int next = db.call(session -> session.connection().getTransactionIsolation());
            System.out.println("adopted: the pool lent isolation " + lent + "; the next unit got " + next);
            assertEquals(lent, next, "the isolation a unit's code set leaked into the next unit of the adopted pool");
        } finally {
            appPool.dispose();
        }
    }
}
