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

    /** Opens a unit around some work: {@code db::run}, or {@code run} of a boundary. */
    interface Opener {
        void run(SessionAction<Exception> work) throws Exception;
    }

    /** The message of the {@link PropagationException} that {@code inner} throws inside a unit {@code outer} opened. */
    private static String refusedInside(Opener outer, Opener inner) throws Exception {
        AtomicReference<String> message = new AtomicReference<>();
        outer.run(session -> message.set(assertThrows(PropagationException.class, () -> inner.run(s -> { }))
                .getMessage()));
        return message.get();
    }

    /**
     * The message of the {@link RollbackOnlyException} of a unit {@code outer} opened, whose work swallowed
     * {@code failure} thrown inside {@code inner}.
     */
    private static String swallowedInside(Opener outer, Opener inner, Exception failure) {
        return assertThrows(RollbackOnlyException.class, () -> outer.run(session ->
                assertThrows(failure.getClass(), () -> inner.run(s -> {
                    throw failure;
                })))).getMessage();
    }

    @Test
    void aBoundaryThatCannotJoinNamesTheUnitItWouldJoin() throws Exception {
        Boundary never = Boundary.builder("Audit.offline").database("bank").propagation(Propagation.NEVER).build();
        assertEquals("Boundary Audit.offline has propagation NEVER but is called inside the unit that Database.run"
                + " or Database.call opened on database 'bank' on " + here() + ": call it outside any unit, or give"
                + " it propagation NOT_SUPPORTED to suspend the unit.", refusedInside(db::run, never::run));

        Boundary report = Boundary.builder("Reports.daily").database("bank").readOnly(true).build();
        Boundary post = Boundary.builder("Ledger.post").database("bank").build();
        assertEquals("Boundary Ledger.post asks for a read-write unit but would join the unit that boundary"
                + " Reports.daily opened on database 'bank' on " + here() + ", which is read-only: make"
                + " Reports.daily read-write, or give Ledger.post propagation REQUIRES_NEW.",
                refusedInside(report::run, post::run));

        Boundary strict = Boundary.builder("Ledger.audit").database("bank").isolation(Isolation.SERIALIZABLE).build();
        assertEquals("Boundary Ledger.audit asks for isolation SERIALIZABLE but would join the unit that"
                + " Database.run or Database.call opened on database 'bank' on " + here() + ", which runs with"
                + " isolation DEFAULT: open the unit with isolation SERIALIZABLE, or give Ledger.audit propagation"
                + " REQUIRES_NEW.", refusedInside(db::run, strict::run));
    }

    @Test
    void theProgrammaticBoundaryIsNamedByItsMethodsWhereItIsTheSubject() throws Exception {
        Boundary report = Boundary.builder("Reports.daily").database("bank").readOnly(true).build();
        assertEquals("Database.run or Database.call asks for a read-write unit but would join the unit that"
                + " boundary Reports.daily opened on database 'bank' on " + here() + ", which is read-only: make"
                + " Reports.daily read-write, or run that work in a Boundary of its own with propagation"
                + " REQUIRES_NEW.", refusedInside(report::run, db::run));

        IllegalStateException refused = new IllegalStateException("refused");
        assertEquals("Database.run or Database.call on database 'bank' returned normally on " + here() + ", but it"
                + " was rolled back: the inner Database.run or Database.call, which joined it, failed with " + refused
                + ". Let that exception propagate, or run that work in a Boundary of its own with propagation NESTED"
                + " or REQUIRES_NEW so that its failure stays its own.", swallowedInside(db::run, db::run, refused));

        Database closed = Database.builder("jdbc:h2:mem:described_closed").name("closed").build();
        closed.close();
        DatabaseConfigurationException stale = assertThrows(DatabaseConfigurationException.class,
                () -> closed.run(session -> { }));
        assertEquals("Database.run or Database.call cannot start: database 'closed' is closed. Build a new Database,"
                + " and use that one.", stale.getMessage());
    }

    @Test
    void aNamedInnerBoundaryThatFailedIsNamedInTheRollbackOfTheUnitItJoined() {
        Boundary place = Boundary.builder("OrderService.place").database("bank").build();
        Boundary debit = Boundary.builder("AccountService.debit(long,long)").database("bank").build();
        IllegalStateException refused = new IllegalStateException("refused");
        assertEquals("Boundary OrderService.place on database 'bank' returned normally on " + here() + ", but it was"
                + " rolled back: the inner boundary AccountService.debit(long,long), which joined it, failed with "
                + refused + ". Let that exception propagate, or give AccountService.debit(long,long) propagation"
                + " NESTED or REQUIRES_NEW so that its failure stays its own.",
                swallowedInside(place::run, debit::run, refused));
    }
}
