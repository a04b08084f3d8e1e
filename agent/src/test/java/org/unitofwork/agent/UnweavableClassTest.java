package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.annotated.Audit;
import com.example.broken.Contradiction;
import com.example.broken.TwoSessions;
import java.lang.instrument.Instrumentation;
import org.unitofwork.agent.choose.StackLeftovers;
import java.lang.reflect.Modifier;
import org.unitofwork.agent.report.ClassLoaderNames;
import org.junit.jupiter.api.Test;
import org.unitofwork.agent.report.ClassLoaderNames;

/** S23: a class that cannot be woven as asked is left exactly as it was, and named once in a warning. */
class UnweavableClassTest {

    @Test
    void attributesTheRuntimeRefusesLeaveTheWholeClassUnchanged() throws Exception {
        Instrumentation instrumentation = InProcessAgent.install();
        Contradiction contradiction = new Contradiction();
        assertFalse(contradiction.fine(), "not even the valid method of the class is woven");
        instrumentation.retransformClasses(Contradiction.class);
        String warnings = InProcessAgent.warnings();
        assertEquals(1, count(warnings, "class com.example.broken.Contradiction (" + ClassLoaderNames.describe(Contradiction.class.getClassLoader())
                + ") is left unchanged"), warnings);
        assertTrue(warnings.contains("the attributes of Contradiction.retried() cannot be used: Boundary"
                + " Contradiction.retried(): retries = 3 cannot work with propagation MANDATORY"), warnings);
    }

    @Test
    void twoParametersToSupplyAreAmbiguous() {
        InProcessAgent.install();
        assertFalse(new TwoSessions().both(null, null));
        String warnings = InProcessAgent.warnings();
        assertTrue(warnings.contains("class com.example.broken.TwoSessions (" + ClassLoaderNames.describe(TwoSessions.class.getClassLoader())
                + ") is left unchanged: TwoSessions.both(Session,Session)"
                + " has more than one parameter for the unit to supply (a Session, a Connection or a session kind's"
                + " type)"), warnings);
    }

    @Test
    void anAnnotatedAbstractMethodIsNamedInAWarning() {
        InProcessAgent.install();
        assertTrue(Modifier.isAbstract(Audit.class.getModifiers())); // loaded, and looked at by the agent
        String warnings = InProcessAgent.warnings();
        assertTrue(warnings.contains("@UnitOfWork method com.example.annotated.Audit.record(String) is not woven: it is"
                + " abstract"), warnings);
    }

    /**
     * A return that leaves values below its result, which the JVM allows and javac never writes: the
     * woven return would jump to the boundary's exit with them, and the JVM would refuse the class.
     */
    @Test
    void aMethodReturningWithValuesLeftOnItsStackIsLeftUnwoven() throws Exception {
        InProcessAgent.install();
        String name = "com.example.generated.StackLeftovers";
        Class<?> type = StackLeftovers.define(name, StackLeftovers.classFile(name.replace('.', '/')),
                getClass().getClassLoader());
        Object target = type.getConstructor().newInstance();
        assertEquals(7, type.getMethod("answer", boolean.class).invoke(target, true), "runs as written");
        assertEquals(0, type.getMethod("answer", boolean.class).invoke(target, false));
        String warnings = InProcessAgent.warnings();
        assertEquals(1, count(warnings, "class " + name + " (" + ClassLoaderNames.describe(type.getClassLoader())
                + ") is left unchanged: " + name + ".answer(boolean) returns with"
                + " values left on its operand stack below the result"), warnings);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
