package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Joining an outer unit allocates nothing (DESIGN.md, performance): measured in bytes with the
 * JVM's per-thread allocation counter, which does not depend on the machine's speed.
 */
class JoinAllocationTest {
    private static final int JOINS = 100_000;

    @Test
    void joiningAnOuterUnitAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes per thread");
        threads.setThreadAllocatedMemoryEnabled(true);
        Boundary inner = Boundary.builder("Inner.join").database("joins").build();
        try (Database db = Database.builder("jdbc:h2:mem:joins").name("joins").build()) {
            db.run(outer -> {
                joinMany(inner, outer); // first calls load and link classes
                long before = threads.getCurrentThreadAllocatedBytes();
                joinMany(inner, outer);
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertTrue(allocated < JOINS / 100, allocated + " bytes allocated by " + JOINS + " joins");
            });
        }
    }

    private static void joinMany(Boundary inner, Session outer) {
        for (int i = 0; i < JOINS; i++) {
            Scope scope = inner.begin();
            if (scope.session() != outer) {
                assertSame(outer, scope.session());
            }
            scope.complete();
        }
    }
}
