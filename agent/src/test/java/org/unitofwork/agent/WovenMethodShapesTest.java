package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.shapes.Shapes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.unitofwork.Database;
import org.unitofwork.NoActiveUnitException;
import org.unitofwork.Session;

/**
 * Woven methods of many shapes (wide and narrow primitives, references and arrays, try/catch and
 * finally, loops, switches, early returns, {@code synchronized}, static and instance, supplied
 * parameters among wide ones) load, pass the JVM's verifier, return what their bodies return, throw
 * what they throw, and run in a unit that is over when they are.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WovenMethodShapesTest {
    private Database db;

    @BeforeAll
    void open() {
        InProcessAgent.install();
        db = Database.builder("jdbc:h2:mem:shapes;DB_CLOSE_DELAY=-1").name("shapes").user("sa").password("").poolSize(2)
                .build();
    }

    @AfterAll
    void close() {
        db.close();
    }

    @Test
    void everyShapeRunsInAUnitAndReturnsWhatItsBodyReturns() {
        Shapes shapes = new Shapes();
        assertEquals(3L + 4 + 5, Shapes.wide(3L, 2.5, 4));
        assertEquals(1.5, shapes.caught("1.5"));
        assertEquals(-1.0, shapes.caught("one"));
        assertEquals(-7, shapes.loopFromTheStart(5));
        List<String> out = new ArrayList<>();
        shapes.earlyReturn(out, true);
        shapes.earlyReturn(out, false);
        assertEquals(List.of("unit"), out);
        assertEquals("ltrueunit", shapes.locked("l"));
        assertTrue(shapes.flag(false));
        assertEquals('d', shapes.letter('a', (byte) 1, (short) 2));
        assertEquals(0.75f, shapes.ratio(1.5f));
        assertArrayEquals(new int[] {7, 2}, shapes.array(7, "a", "b"));
        assertNull(shapes.nothing());
        assertEquals(10, shapes.switched(1));
        assertEquals(24, shapes.switched(2));
        assertEquals(-1, shapes.switched(101));
        assertEquals(9, shapes.withFinally(5));
        assertThrows(IllegalStateException.class, () -> shapes.withFinally(-1));
        assertEquals(2, shapes.finallyRuns());
        assertEquals("1:true:2.5", Shapes.supplied(1L, null, 2.5));
        assertAllReleased();
    }

    @Test
    void aSuppliedConnectionIsTheUnits() throws Exception {
        assertTrue(new Shapes().connected(null));
        assertAllReleased();
    }

    @Test
    void whatTheBodyThrowsIsThrownAsItIs() {
        IOException failure = new IOException("disk");
        assertSame(failure, assertThrows(IOException.class, () -> new Shapes().fails(failure)));
        assertAllReleased();
    }

    @Test
    void aRetryGetsTheCallersArgumentsAgain() throws Exception {
        Shapes shapes = new Shapes();
        assertEquals("7seven9:0.5:unit-1changed00.0", shapes.retried(7, "seven", 9L, 0.5));
        assertEquals(2, shapes.attempts);
        assertAllReleased();
    }

    private static void assertAllReleased() {
        assertThrows(NoActiveUnitException.class, () -> Session.current("shapes"), "the unit ended with the method");
        assertFalse(Thread.holdsLock(Shapes.class));
    }
}
