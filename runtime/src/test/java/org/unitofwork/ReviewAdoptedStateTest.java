package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

/**
 * README, "Code that only knows DataSource": an adopted pool that is not HikariCP gets its
 * connections back "as they found them". ConnectionState restores the isolation only when the
 * boundary asked for one; an isolation set by the unit's code through the guarded connection
 * (which passes setTransactionIsolation through) leaks into the next unit on that connection.
 */
class ReviewAdoptedStateTest {

    @Test
    void adoptedPoolGetsItsConnectionBackAsItLentIt() throws Exception {
        JdbcConnectionPool appPool = JdbcConnectionPool.create("jdbc:h2:mem:review_adopt;DB_CLOSE_DELAY=-1", "sa", "");
        appPool.setMaxConnections(1);
        try (Database db = Database.adopt("review-adopted", appPool)) {
            int lent;
            try (Connection c = appPool.getConnection()) {
                lent = c.getTransactionIsolation();
            }
            db.run(session -> session.connection().setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE));
            int next = db.call(session -> session.connection().getTransactionIsolation());
            System.out.println("REVIEW adopted: the pool lent isolation " + lent + "; the next unit got " + next);
            assertEquals(lent, next, "the isolation a unit's code set leaked into the next unit of the adopted pool");
        } finally {
            appPool.dispose();
        }
    }
}
