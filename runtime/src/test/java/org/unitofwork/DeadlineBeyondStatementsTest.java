package org.unitofwork;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.faults.FaultProxy;
import org.unitofwork.scenarios.TestDatabase;

/**
 * S16 ("the deadline bounds everything the unit waits for ... and the network") and issue 12 item 4,
 * beyond statements: driver calls that wait on the server without a statement's execute —
 * metadata queries, the savepoint the runtime itself sets for NESTED — are bounded too when they
 * come first after the borrow, on a server that stops answering.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeadlineBeyondStatementsTest {
    private static final String DB = "deadline-beyond";

    private FaultProxy proxy;
    private Database db;

    @AfterEach
    void closeAll() {
        if (proxy != null) {
            proxy.close(); // first: a pool closing its connections towards a black hole waits for each
        }
        if (db != null) {
            db.close();
        }
    }

    private void setUp() {
        TestDatabase.POSTGRES.assumeAvailable();
        proxy = FaultProxy.inFrontOf(TestDatabase.POSTGRES.newUrl());
        db = TestDatabase.POSTGRES.builder(proxy.url()).name(DB).poolSize(2).build();
    }

    @Test
    void s16_deadlineBoundsAMetadataQueryOnAServerThatStopsAnswering() throws Exception {
        setUp();
        Boundary report = Boundary.builder("Schema.inspect").database(DB).timeoutSeconds(2).build();
        assertEndsWithin(10, () -> report.run(session -> {
            DatabaseMetaData meta = session.connection().getMetaData();
            proxy.blackHole();
            try (ResultSet tables = meta.getTables(null, null, "uow%", null)) {
                tables.next();
            }
        }));
    }

    @Test
    void s16_deadlineBoundsTheSavepointOfANestedBoundaryOnAServerThatStopsAnswering() throws Exception {
        setUp();
        Boundary outer = Boundary.builder("Orders.place").database(DB).timeoutSeconds(2).build();
        Boundary nested = Boundary.builder("Orders.tryCoupon").database(DB).propagation(Propagation.NESTED).build();
        assertEndsWithin(10, () -> outer.run(session -> {
            session.connection();
            proxy.blackHole();
            nested.run(inner -> { });
        }));
    }

    private void assertEndsWithin(int seconds, Callable work) throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            Future<Throwable> unit = worker.submit(() -> {
                try {
                    work.run();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            long started = System.nanoTime();
            try {
                Throwable t = unit.get(seconds, TimeUnit.SECONDS);
                System.out.println("deadline: unit ended after "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms with " + t);
            } catch (TimeoutException e) {
                StringBuilder stack = new StringBuilder();
                for (var entry : Thread.getAllStackTraces().entrySet()) {
                    if (entry.getKey().getName().startsWith("pool-")) {
                        for (StackTraceElement frame : entry.getValue()) {
                            stack.append("\n    at ").append(frame);
                        }
                    }
                }
                System.out.println("deadline: unit with a 2 s deadline still blocked after " + seconds + " s:"
                        + stack);
                proxy.close();
                fail("a unit with timeoutSeconds = 2 was still blocked after " + seconds + " s on a silent server");
            }
        } finally {
            worker.shutdownNow();
        }
    }

    interface Callable {
        void run() throws SQLException;
    }
}
