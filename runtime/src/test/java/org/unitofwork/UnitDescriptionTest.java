package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How messages name a unit: by the boundary that opened it, its database and its thread, in a phrase
 * that reads as English both at the start of a sentence and inside one. A unit of {@link Database#run}
 * or {@link Database#call} is named by those methods, which is what its caller wrote.
 */
class UnitDescriptionTest {
    private Database db;

    @BeforeEach
    void open() {
        db = Database.builder("jdbc:h2:mem:described").name("bank").build();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static String here() {
        return Threads.describe(Thread.currentThread());
    }

    @Test
    void aProgrammaticUnitIsNamedByTheMethodsThatOpenIt() throws Exception {
        db.run(session -> {
            GuardedConnectionException e = assertThrows(GuardedConnectionException.class,
                    () -> session.connection().commit());
            assertEquals("commit() is not allowed on the connection of the unit that Database.run or Database.call"
                    + " opened on database 'bank' on " + here() + ": the unit commits when its boundary returns. To commit"
                    + " part of the work on its own, run that part in a boundary with propagation REQUIRES_NEW.",
                    e.getMessage());
        });
    }

    @Test
    void aConnectionUsedOnAnotherThreadIsNamedAsTheConnectionNotTheSession() throws Exception {
        db.run(session -> {
            Connection connection = session.connection();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread worker = new Thread(() -> {
                try {
                    connection.createStatement();
                } catch (Throwable e) {
                    thrown.set(e);
                }
            }, "worker");
            worker.start();
            worker.join();
            assertInstanceOf(WrongThreadException.class, thrown.get());
            assertEquals("The connection of the unit that Database.run or Database.call opened on database 'bank' on "
                    + here() + " was used on " + Threads.describe(worker) + ": a unit's session and everything it hands"
                    + " out (its connection, statements, result sets, metadata, LOBs, streams and views of the driver's"
                    + " interfaces) work only on the thread that opened the unit. Use it there, or open a unit on this"
                    + " thread (for example with Database.run).", thrown.get().getMessage());
        });
    }

    @Test
    void aMessageThatBeginsWithTheUnitStartsWithACapital() {
        String hookFailed = " committed; its work stands. Then its afterCommit hook #1 failed:"
                + " java.lang.IllegalStateException: mail server down. The other hooks still ran; repair or repeat what"
                + " the failed hook was to do.";
        assertEquals("The unit that Database.run or Database.call opened on database 'bank' on " + here() + hookFailed,
                assertThrows(HookFailedException.class, () -> db.run(UnitDescriptionTest::failingHook)).getMessage());
        Boundary place = Boundary.builder("OrderService.place").database("bank").build();
        assertEquals("The unit that boundary OrderService.place opened on database 'bank' on " + here() + hookFailed,
                assertThrows(HookFailedException.class, () -> place.run(UnitDescriptionTest::failingHook)).getMessage());
    }

    private static void failingHook(Session session) {
        session.afterCommit(() -> {
            throw new IllegalStateException("mail server down");
        });
    }

    @Test
    void aBoundaryThatCannotJoinNamesTheUnitItWouldJoin() throws Exception {
        Boundary never = Boundary.builder("Audit.offline").database("bank").propagation(Propagation.NEVER).build();
        db.run(session -> {
            PropagationException e = assertThrows(PropagationException.class, () -> never.run(inner -> { }));
            assertEquals("Boundary Audit.offline has propagation NEVER but is called inside the unit that Database.run"
                    + " or Database.call opened on database 'bank' on " + here() + ": call it outside any unit, or give"
                    + " it propagation NOT_SUPPORTED to suspend the unit.", e.getMessage());
        });

        Boundary report = Boundary.builder("Reports.daily").database("bank").readOnly(true).build();
        Boundary post = Boundary.builder("Ledger.post").database("bank").build();
        report.run(session -> {
            PropagationException e = assertThrows(PropagationException.class, () -> post.run(inner -> { }));
            assertEquals("Boundary Ledger.post asks for a read-write unit but would join the unit that boundary"
                    + " Reports.daily opened on database 'bank' on " + here() + ", which is read-only: make"
                    + " Reports.daily read-write, or give Ledger.post propagation REQUIRES_NEW.", e.getMessage());
        });

        Boundary strict = Boundary.builder("Ledger.audit").database("bank").isolation(Isolation.SERIALIZABLE).build();
        db.run(session -> {
            PropagationException e = assertThrows(PropagationException.class, () -> strict.run(inner -> { }));
            assertEquals("Boundary Ledger.audit asks for isolation SERIALIZABLE but would join the unit that"
                    + " Database.run or Database.call opened on database 'bank' on " + here() + ", which runs with"
                    + " isolation DEFAULT: open the unit with isolation SERIALIZABLE, or give Ledger.audit propagation"
                    + " REQUIRES_NEW.", e.getMessage());
        });
    }
}
