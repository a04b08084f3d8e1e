package org.unitofwork.conventions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which parameter of a {@code @UnitOfWork} method the unit supplies, or why the method cannot be
 * wrapped or woven as declared.
 *
 * <p>A parameter is injected when its type is exactly {@code org.unitofwork.Session}, exactly
 * {@code java.sql.Connection}, or exactly a type that an integration module marks as its session
 * kind's (see {@link SessionKindMarkers}); at most one parameter may be. A parameter that looks meant
 * for injection but cannot be is refused too: a session kind's type with type arguments (the unit
 * hands out one object whatever they are), a proper subtype of {@code java.sql.Connection} (the unit's
 * connection is a guarded {@code java.sql.Connection}, never a driver's class), and a parameter named
 * {@code session} or {@code connection} whose type is not injected (another library's
 * {@code Session}, say). The processor reports each problem as an error on its parameter; the agent
 * leaves the class unchanged and says the first one.
 *
 * @param index the index of the injected parameter, -1 when none is
 * @param kind what the unit supplies to it, null when none is
 * @param problems what makes the declaration unusable, in parameter order; empty when it is usable
 */
public record Injection(int index, InjectedKind kind, List<Problem> problems) {
    private static final Set<String> INJECTED_LOOKING_NAMES = Set.of("session", "connection");

    /**
     * The canonical constructor.
     *
     * @param index the injected parameter's index, -1 for none
     * @param kind what is supplied to it, null for nothing
     * @param problems the problems found, copied
     */
    public Injection {
        problems = List.copyOf(problems);
    }

    /**
     * A parameter that cannot be declared as it is.
     *
     * @param parameter the parameter's index
     * @param message what is wrong and what to do, naming the parameter and the boundary
     */
    public record Problem(int parameter, String message) {
    }

    /**
     * Applies the rule to a method's parameters.
     *
     * @param boundaryName the name of the method's boundary, which the messages show
     * @param parameters the method's parameters
     * @return the injected parameter, or the problems found
     */
    public static Injection of(String boundaryName, List<ParameterShape> parameters) {
        int index = -1;
        InjectedKind kind = null;
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            ParameterShape parameter = parameters.get(i);
            InjectedKind injected = InjectedKind.of(parameter);
            if (injected != null && kind != null) {
                problems.add(new Problem(i, boundaryName + " has more than one parameter for the unit to supply (a"
                        + " Session, a Connection or a session kind's type). Parameter " + parameter.name() + " of "
                        + boundaryName + " would be injected, but parameter " + parameters.get(index).name() + " already"
                        + " is: keep one injected parameter (a Session gives its connection with session.connection())"));
            } else if (injected != null) {
                index = i;
                kind = injected;
            } else {
                String problem = notInjected(boundaryName, parameter);
                if (problem != null) {
                    problems.add(new Problem(i, problem));
                }
            }
        }
        return new Injection(index, kind, problems);
    }

    /** Why a parameter that is not injected cannot be declared so, or null when it can. */
    private static String notInjected(String boundaryName, ParameterShape parameter) {
        String described = "Parameter " + parameter.name() + " of " + boundaryName + " has type " + parameter.type();
        if (parameter.form() == ParameterShape.Form.PARAMETERIZED && parameter.sessionKind()) {
            return described + ", a session kind with type arguments, which the wrapper cannot supply: the unit hands"
                    + " out one " + parameter.erasure() + " whatever its type arguments. Declare the parameter as the"
                    + " plain " + parameter.erasure();
        }
        if (parameter.connectionSubtype()) {
            return described + ", a subtype of java.sql.Connection, which the wrapper cannot supply: the unit's"
                    + " connection is a guarded java.sql.Connection. Declare the parameter as java.sql.Connection (and"
                    + " use unwrap(…) for driver features)";
        }
        if (INJECTED_LOOKING_NAMES.contains(parameter.name())) {
            return described + ", which the wrapper does not inject: org.unitofwork.Session, java.sql.Connection and"
                    + " the types of the session kinds of integration modules on the class path (such as"
                    + " unitofwork-jpa) are injected. Change its type to one of them, or rename the parameter if"
                    + " callers are meant to pass it";
        }
        return null;
    }
}
