package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Building a {@link Boundary}: contradictions are refused with a message naming the boundary. */
class BoundaryTest {

    @Test
    void defaultsAreThoseOfTheAnnotation() {
        Boundary b = Boundary.builder("Shop.sell").build();
        assertEquals("default", b.databaseName());
        assertEquals(Propagation.REQUIRED, b.propagation());
        assertFalse(b.readOnly());
        assertEquals(Isolation.DEFAULT, b.isolation());
        assertEquals(0, b.timeoutSeconds());
        assertEquals(List.of(), b.rollbackFor());
        assertEquals(0, b.retries());
        assertEquals("Shop.sell [database=default, propagation=REQUIRED]", b.toString());
    }

    @Test
    void ofAnnotationTakesEveryAttribute() throws Exception {
        @UnitOfWork(database = "reports", propagation = Propagation.REQUIRES_NEW, readOnly = true,
                isolation = Isolation.SERIALIZABLE, timeoutSeconds = 5, rollbackFor = IOException.class,
                noRollbackFor = IllegalArgumentException.class, retries = 2)
        class Annotated {
        }
        Boundary b = Boundary.of("Annotated", Annotated.class.getAnnotation(UnitOfWork.class));
        assertEquals("Annotated [database=reports, propagation=REQUIRES_NEW, readOnly, isolation=SERIALIZABLE,"
                + " timeoutSeconds=5, rollbackFor=[IOException], noRollbackFor=[IllegalArgumentException], retries=2]",
                b.toString());
    }

    @Test
    void contradictionsAreRefused() {
        assertRefused("Boundary Shop.sell: timeoutSeconds must be 0 (no deadline) or positive, not -1",
                Boundary.builder("Shop.sell").timeoutSeconds(-1));
        assertRefused("Boundary Shop.sell: retries must be 0 (no retry) or positive, not -2",
                Boundary.builder("Shop.sell").retries(-2));
        assertRefused("Boundary Shop.sell: retries = 3 cannot work with propagation MANDATORY, which never opens a"
                + " transaction of its own to run again; use REQUIRED, REQUIRES_NEW or NESTED, or remove retries",
                Boundary.builder("Shop.sell").propagation(Propagation.MANDATORY).retries(3));
        assertRefused("Boundary x: retries = 2 cannot work with propagation SUPPORTS, which never opens a transaction"
                + " of its own to run again; use REQUIRED, REQUIRES_NEW or NESTED, or remove retries",
                Boundary.builder("x").propagation(Propagation.SUPPORTS).retries(2));
        assertRefused("Boundary Shop.sell: java.io.IOException is in both rollbackFor and noRollbackFor;"
                + " keep it in one of them",
                Boundary.builder("Shop.sell").rollbackFor(IOException.class).noRollbackFor(IOException.class));
        BoundaryConfigurationException blank = assertThrows(BoundaryConfigurationException.class, () -> Boundary.builder(" "));
        assertTrue(blank.getMessage().startsWith("A boundary needs a name"), blank.getMessage());
    }

    @Test
    void transientFailuresAreRecognisedThroughCauses() {
        assertTrue(Retries.isTransient(new SQLException("serialization", "40001")));
        assertTrue(Retries.isTransient(new RuntimeException(new SQLException("deadlock", "40P01"))));
        assertTrue(Retries.isTransient(new SQLException("Deadlock found", "40001", 1213)));
        assertTrue(Retries.isTransient(new SQLException("Lock wait timeout exceeded", "HY000", 1205)));
        SQLException chained = new SQLException("batch failed", "22000");
        chained.setNextException(new SQLException("serialization", "40001"));
        assertTrue(Retries.isTransient(chained));
        assertFalse(Retries.isTransient(new SQLException("duplicate key", "23505")));
        assertFalse(Retries.isTransient(new SQLException("other vendor", "HY000", 1205 + 1)));
        assertFalse(Retries.isTransient(new IllegalStateException("not SQL")));
    }

    @Test
    void backoffGrowsAndStaysCapped() {
        for (int retry = 1; retry <= 30; retry++) {
            long ceiling = Math.min(1_000, 10L << Math.min(retry - 1, 20));
            long pause = Retries.backoffMillis(retry);
            assertTrue(pause >= ceiling / 2 && pause <= ceiling, "retry " + retry + ": " + pause);
        }
    }

    private static void assertRefused(String message, Boundary.Builder builder) {
        BoundaryConfigurationException e = assertThrows(BoundaryConfigurationException.class, builder::build);
        assertInstanceOf(UnitOfWorkException.class, e, "the README says every exception of the runtime extends it");
        assertEquals(message, e.getMessage());
    }
}
