package org.unitofwork.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.unitofwork.Boundary;
import org.unitofwork.Database;
import org.unitofwork.Session;

/** Units of work recorded into a real Micrometer registry. */
class UnitOfWorkMetricsTest {
    private static final String DB = "metered";

    private Database db;
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private UnitOfWorkMetrics metrics;
    private final Boundary place = Boundary.builder("Orders.place(Order)").database(DB).build();

    @BeforeEach
    void open() {
        db = Database.builder("jdbc:h2:mem:metered;DB_CLOSE_DELAY=-1").name(DB).build();
        metrics = new UnitOfWorkMetrics(db);
        metrics.bindTo(registry);
    }

    @AfterEach
    void close() {
        metrics.close();
        db.close();
    }

    private static void statements(Session session, int count) throws SQLException {
        try (Statement s = session.connection().createStatement()) {
            for (int i = 0; i < count; i++) {
                s.execute("select " + i);
            }
        }
    }

    private Timer unitTimer(String boundary, String outcome, String exception) {
        return registry.find(UnitOfWorkMetrics.UNIT)
                .tags("boundary", boundary, "database", DB, "outcome", outcome, "exception", exception).timer();
    }

    @Test
    void aUnitThatHeldItsConnectionOverItsBudgetIsCounted() throws Exception {
        Boundary slow = Boundary.builder("Report.export").database(DB).connectionHoldBudgetMillis(50).build();
        slow.run(session -> {
            statements(session, 1);
            Thread.sleep(120); // a remote call while the connection stays borrowed
        });
        place.run(session -> statements(session, 1));
        Counter held = registry.find(UnitOfWorkMetrics.HELD_TOO_LONG).tags("boundary", "Report.export", "database", DB)
                .counter();
        assertEquals(1.0, held.count());
        assertEquals(1, registry.find(UnitOfWorkMetrics.HELD_TOO_LONG).counters().size(), "the quick unit is not counted");
    }

    @Test
    void aCommittedUnitIsTimedWithItsWaitAndStatements() throws Exception {
        place.run(session -> {
            statements(session, 2);
            Boundary.builder("Orders.check").database(DB).build().run(inner -> statements(inner, 1));
        });
        Timer unit = unitTimer("Orders.place(Order)", "COMMITTED", "none");
        assertEquals(1, unit.count());
        assertTrue(unit.totalTime(TimeUnit.NANOSECONDS) > 0);
        assertEquals(1, registry.find(UnitOfWorkMetrics.UNIT).timers().size(), "the joined boundary is no unit of its own");
        Timer wait = registry.find(UnitOfWorkMetrics.CONNECTION_WAIT).tags("boundary", "Orders.place(Order)",
                "outcome", "COMMITTED").timer();
        assertEquals(1, wait.count());
        assertTrue(wait.totalTime(TimeUnit.NANOSECONDS) > 0);
        assertTrue(wait.totalTime(TimeUnit.NANOSECONDS) <= unit.totalTime(TimeUnit.NANOSECONDS));
        DistributionSummary statements = registry.find(UnitOfWorkMetrics.STATEMENTS)
                .tags("boundary", "Orders.place(Order)", "outcome", "COMMITTED", "exception", "none").summary();
        assertEquals(1, statements.count());
        assertEquals(3, statements.totalAmount());
    }

    @Test
    void aFailedUnitIsTaggedWithItsExceptionsSimpleNameAndNeverItsMessage() {
        for (String message : new String[] {"out of stock: item 1", "out of stock: item 2"}) {
            IllegalStateException thrown = new IllegalStateException(message);
            assertSame(thrown, assertThrows(IllegalStateException.class, () -> place.run(session -> {
                statements(session, 1);
                throw thrown;
            })));
        }
        assertEquals(2, unitTimer("Orders.place(Order)", "ROLLED_BACK", "IllegalStateException").count(),
                "one series for both messages");
        assertEquals(1, registry.find(UnitOfWorkMetrics.UNIT).timers().size());
        assertEquals(2, registry.find(UnitOfWorkMetrics.STATEMENTS).tag("exception", "IllegalStateException")
                .summary().totalAmount());
    }

    @Test
    void anAnonymousExceptionClassIsTaggedWithItsBinaryName() {
        RuntimeException anonymous = new RuntimeException("odd") {
            private static final long serialVersionUID = 1L;
        };
        assertThrows(RuntimeException.class, () -> place.run(session -> {
            throw anonymous;
        }));
        assertEquals(1, unitTimer("Orders.place(Order)", "ROLLED_BACK", anonymous.getClass().getName()).count());
    }

    @Test
    void aUnitRolledBackOnRequestHasNoExceptionAndOneWithoutAConnectionNoWait() throws Exception {
        place.run(Session::setRollbackOnly);
        assertEquals(1, unitTimer("Orders.place(Order)", "ROLLED_BACK", "none").count());
        assertNull(registry.find(UnitOfWorkMetrics.CONNECTION_WAIT).timer(), "a unit that borrowed nothing waited for nothing");
        assertEquals(0, registry.find(UnitOfWorkMetrics.STATEMENTS).summary().totalAmount());
    }

    @Test
    void eachAttemptOfARetriedUnitIsRecorded() throws Exception {
        Boundary retried = Boundary.builder("Orders.retried").database(DB).retries(1).build();
        int[] runs = {0};
        retried.run(session -> {
            statements(session, 1);
            if (runs[0]++ == 0) {
                throw new SQLException("could not serialize access", "40001");
            }
        });
        assertEquals(1, unitTimer("Orders.retried", "ROLLED_BACK", "SQLException").count());
        assertEquals(1, unitTimer("Orders.retried", "COMMITTED", "none").count());
        assertEquals(2, registry.find(UnitOfWorkMetrics.CONNECTION_WAIT).timers().stream().mapToLong(Timer::count).sum());
    }

    @Test
    void theGaugeShowsBorrowedConnections() throws Exception {
        Gauge active = registry.find(UnitOfWorkMetrics.ACTIVE_CONNECTIONS).tag("database", DB).gauge();
        assertEquals(0, active.value());
        place.run(session -> {
            session.connection();
            assertEquals(1, active.value());
        });
        assertEquals(0, active.value());
    }

    @Test
    void everyBoundRegistryRecords() throws Exception {
        MeterRegistry second = new SimpleMeterRegistry();
        metrics.bindTo(second);
        place.run(session -> { });
        assertEquals(1, unitTimer("Orders.place(Order)", "COMMITTED", "none").count());
        assertEquals(1, second.find(UnitOfWorkMetrics.UNIT).timer().count());
    }

    @Test
    void nothingIsRecordedAfterCloseAndTheGaugeIsGone() throws Exception {
        place.run(session -> { });
        metrics.close();
        place.run(session -> statements(session, 1));
        assertThrows(IllegalStateException.class, () -> place.run(session -> {
            throw new IllegalStateException("after close");
        }));
        Collection<Timer> timers = registry.find(UnitOfWorkMetrics.UNIT).timers();
        assertEquals(1, timers.size());
        assertEquals(1, timers.iterator().next().count());
        assertNull(registry.find(UnitOfWorkMetrics.CONNECTION_WAIT).timer());
        assertNull(registry.find(UnitOfWorkMetrics.ACTIVE_CONNECTIONS).meter());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> metrics.bindTo(registry));
        assertTrue(e.getMessage().contains("create a new UnitOfWorkMetrics"), e.getMessage());
    }
}
