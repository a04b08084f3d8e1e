package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A session and its connection are unusable once their unit has ended, and say so. */
class SessionLifecycleTest {
    private Database db;

    @BeforeEach
    void open() {
        db = Database.builder("jdbc:h2:mem:lifecycle;DB_CLOSE_DELAY=-1").name("lifecycle").build();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private final Boundary unit = Boundary.builder("Orders.place(Order)").database("lifecycle").build();

    @Test
    void sessionUsedAfterItsUnitEndedFails() throws Exception {
        Session leaked = unit.call(session -> session);
        NoActiveUnitException e = assertThrows(NoActiveUnitException.class, leaked::connection);
        assertEquals("The session of the unit that boundary Orders.place(Order) opened on database 'lifecycle' on "
                + "thread '" + Thread.currentThread().getName() + "' (#" + threadId() + ") was used after the unit"
                + " ended (COMMITTED): a unit's session and everything it hands out live only as long as the unit."
                + " Open a new unit instead.",
                e.getMessage());
        assertThrows(NoActiveUnitException.class, () -> leaked.afterCommit(() -> { }));
    }

    @Test
    void connectionUsedAfterItsUnitEndedFailsWithoutTouchingThePool() throws Exception {
        AtomicReference<Connection> leaked = new AtomicReference<>();
        unit.run(session -> leaked.set(session.connection()));
        assertTrue(leaked.get().isClosed());
        NoActiveUnitException e = assertThrows(NoActiveUnitException.class, () -> leaked.get().createStatement());
        assertTrue(e.getMessage().startsWith("The connection of the unit that boundary Orders.place(Order) opened on"
                + " database 'lifecycle' on thread '" + Thread.currentThread().getName() + "' (#" + threadId() + ")"
                + " was used after the unit ended (COMMITTED)"), e.getMessage());
        assertEquals(0, db.activeConnections());
    }

    @Test
    void abortIsRefused() throws Exception {
        unit.run(session -> {
            GuardedConnectionException e = assertThrows(GuardedConnectionException.class,
                    () -> session.connection().abort(Runnable::run));
            assertTrue(e.getMessage().startsWith("abort(Executor) is not allowed on the connection of the unit"
                    + " that boundary Orders.place(Order) opened on database 'lifecycle' on thread '"), e.getMessage());
        });
    }

    @Test
    void rollbackOnlyOnRequestRollsBackQuietly() throws Exception {
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        unit.run(session -> {
            session.afterCompletion(outcome::set);
            session.setRollbackOnly();
            assertTrue(session.isRollbackOnly());
        });
        assertEquals(Outcome.ROLLED_BACK, outcome.get());
    }

    @Test
    void rollbackOnlyWithoutATransactionIsRefused() throws Exception {
        Boundary noTransaction = Boundary.builder("Report.print").database("lifecycle")
                .propagation(Propagation.SUPPORTS).build();
        noTransaction.run(session -> {
            PropagationException e = assertThrows(PropagationException.class, session::setRollbackOnly);
            assertTrue(e.getMessage().contains("runs without a transaction (propagation SUPPORTS)"), e.getMessage());
        });
    }

    @SuppressWarnings("deprecation")
    private static long threadId() {
        return Thread.currentThread().getId();
    }
}
