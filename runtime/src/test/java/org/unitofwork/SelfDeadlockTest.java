package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.scenarios.TestDatabase;

/**
 * S7 and issue 12 item 3: a boundary that needs a connection of its own while its thread already holds
 * every connection of the pool, however the thread took them (units it suspended, or {@link
 * Database#dataSource()} outside any unit), fails at once with a {@link ConnectionUnavailableException}
 * that says so. The pool's own timeout is 30 s and each test gets 10: a test that waits out the pool
 * fails by its {@code @Timeout}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelfDeadlockTest {
    private static final String DB = "selfdeadlock";
    private static final int POOL_TIMEOUT_MILLIS = 30_000;

    private Database db;

    @BeforeEach
    void openPoolOfTwo() {
        db = TestDatabase.H2.builder(TestDatabase.H2.newUrl()).name(DB).poolSize(2)
                .configure(c -> c.setConnectionTimeout(POOL_TIMEOUT_MILLIS)).build();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void requiresNewFailsAtOnceWhenTheThreadHoldsAConnectionFromTheDataSourceAndOneInAUnit() throws Exception {
        Boundary outer = Boundary.builder("Report.run").database(DB).build();
        Boundary audit = Boundary.builder("Audit.record").database(DB).propagation(Propagation.REQUIRES_NEW).build();
        try (Connection heldOutsideAnyUnit = db.dataSource().getConnection()) {
            ConnectionUnavailableException e = assertThrows(ConnectionUnavailableException.class, () -> outer.run(session -> {
                session.connection();
                audit.run(Session::connection);
            }));
            assertSaysThisThreadHoldsThem(e, "Audit.record");
        }
        assertEquals(0, db.activeConnections());
    }

    @Test
    void aUnitFailsAtOnceWhenTheThreadHoldsEveryConnectionFromTheDataSource() throws Exception {
        Boundary unit = Boundary.builder("Orders.place").database(DB).build();
        try (Connection first = db.dataSource().getConnection(); Connection second = db.dataSource().getConnection()) {
            ConnectionUnavailableException e = assertThrows(ConnectionUnavailableException.class,
                    () -> unit.run(Session::connection));
            assertSaysThisThreadHoldsThem(e, "Orders.place");
        }
        assertEquals(0, db.activeConnections());
    }

    @Test
    void requiresNewStillFailsAtOnceWhenSuspendedUnitsHoldThePool() {
        // the case that works today, kept beside the others as the reference
        Boundary outer = Boundary.builder("Report.run").database(DB).build();
        Boundary inner = Boundary.builder("Audit.record").database(DB).propagation(Propagation.REQUIRES_NEW).build();
        ConnectionUnavailableException e = assertThrows(ConnectionUnavailableException.class, () -> outer.run(a -> {
            a.connection();
            inner.run(b -> {
                b.connection();
                inner.run(Session::connection);
            });
        }));
        assertSaysThisThreadHoldsThem(e, "Audit.record");
        assertEquals(0, db.activeConnections());
    }

    private static void assertSaysThisThreadHoldsThem(ConnectionUnavailableException e, String boundary) {
        String message = e.getMessage();
        assertTrue(message.contains(boundary), "names the boundary: " + message);
        assertTrue(message.contains("this thread") && message.contains("holds"),
                "says that this very thread holds the pool's connections: " + message);
        assertTrue(!message.contains("within " + POOL_TIMEOUT_MILLIS + " ms"), "not the pool's timeout: " + message);
    }
}
