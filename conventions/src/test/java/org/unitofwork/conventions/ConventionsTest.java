package org.unitofwork.conventions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The conventions on plain names. What the processor and the agent make of real classes with them is
 * held to the table of {@code org.unitofwork.conventions.cases.ConventionCases} by their own tests.
 */
class ConventionsTest {
    private static final ParameterShape.Form PLAIN = ParameterShape.Form.PLAIN;

    @Test
    void wrappersAreNamedAfterTheTypeAndItsEnclosingTypes() {
        assertEquals("com.example.ManagedOuter_Inner", WrapperNames.of("com.example", List.of("Outer", "Inner")));
        assertEquals("ManagedAccounts", WrapperNames.of("", List.of("Accounts")));
        assertTrue(WrapperNames.looksGenerated("ManagedAccounts"));
        assertFalse(WrapperNames.looksGenerated("Accounts"));
    }

    @Test
    void boundariesAreNamedWithSimpleTypesUnlessTwoWouldShareAName() {
        MethodShape utilDate = new MethodShape("mark", List.of("java.util.Date"), false);
        MethodShape sqlDate = new MethodShape("mark", List.of("java.sql.Date"), false);
        MethodShape tags = new MethodShape("tag", List.of("java.util.Map.Entry[][]", "java.lang.String[]"), true);
        assertEquals(List.of("Calendar.mark(java.util.Date)", "Calendar.mark(java.sql.Date)", "Calendar.tag(Entry[][],String...)"),
                BoundaryNames.of("Calendar", List.of(utilDate, sqlDate, tags)));
        assertEquals("Outer.Inner", BoundaryNames.typeLabel(List.of("Outer", "Inner")));
    }

    @Test
    void theOverridesOfObjectsMethodsAreKnownByNameAndParameters() {
        assertTrue(ObjectMethods.overridden("equals", List.of("java.lang.Object")));
        assertTrue(ObjectMethods.overridden("clone", List.of()));
        assertFalse(ObjectMethods.overridden("equals", List.of("com.example.Money")));
        assertFalse(ObjectMethods.overridden("toString", List.of("int")));
    }

    @Test
    void oneParameterIsInjectedAndEveryProblemIsSaid() {
        ParameterShape session = new ParameterShape("session", "org.unitofwork.Session", InjectedKind.SESSION_TYPE, PLAIN,
                false, false);
        ParameterShape owner = new ParameterShape("owner", "java.lang.String", "java.lang.String", PLAIN, false, false);
        ParameterShape ledger = new ParameterShape("ledger", "com.example.Ledger", "com.example.Ledger", PLAIN, true, false);
        assertEquals(new Injection(1, InjectedKind.SESSION_KIND, List.of()), Injection.of("A.b(String,Ledger)", List.of(owner, ledger)));
        assertEquals(new Injection(-1, null, List.of()), Injection.of("A.b(String)", List.of(owner)));

        Injection two = Injection.of("A.b(Session,Ledger)", List.of(session, ledger));
        assertEquals(0, two.index());
        assertEquals(1, two.problems().get(0).parameter());
        assertTrue(two.problems().get(0).message().startsWith("A.b(Session,Ledger) has more than one parameter"));

        ParameterShape variable = new ParameterShape("session", "S", InjectedKind.SESSION_TYPE, ParameterShape.Form.TYPE_VARIABLE,
                false, false);
        Injection named = Injection.of("A.b(Session)", List.of(variable));
        assertNull(named.kind(), "a type variable is never injected");
        assertTrue(named.problems().get(0).message().contains("which the wrapper does not inject"), named.toString());
    }

    @Test
    void markersAreNamedAfterTheBinaryName() {
        assertEquals("org/unitofwork/sessionkinds/com.example.Outer$Kind", SessionKindMarkers.resource("com.example.Outer$Kind"));
    }
}
