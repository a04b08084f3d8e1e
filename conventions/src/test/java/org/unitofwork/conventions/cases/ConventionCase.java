package org.unitofwork.conventions.cases;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@link ConventionCases}: a class, and what both the processor and the agent must make of
 * it.
 *
 * @param sourceName the qualified name of the compilation unit's top-level class
 * @param className the binary name of the class under test, annotated itself or through its methods
 * @param wrapper the qualified name the processor gives its wrapper, by which the agent recognises it
 * @param source the compilation unit
 * @param methods the methods that get a boundary, in declaration order; empty when the class is refused
 * @param refusal the message of the one problem that makes the class unusable, or null when it is usable
 */
public record ConventionCase(String sourceName, String className, String wrapper, String source, List<Method> methods,
        String refusal) {

    /**
     * A method that gets a boundary.
     *
     * @param name its name
     * @param parameterTypes the names of its parameter types, as {@link Class#getTypeName()} writes them
     * @param boundary its boundary's name
     * @param injected the index of the parameter the unit supplies, -1 for none
     */
    public record Method(String name, List<String> parameterTypes, String boundary, int injected) {
        /**
         * The parameter types the processor's wrapper method takes: those of the method but the injected one.
         *
         * @return the names of the wrapper method's parameter types
         */
        public List<String> wrapperParameterTypes() {
            List<String> types = new ArrayList<>(parameterTypes);
            if (injected >= 0) {
                types.remove(injected);
            }
            return types;
        }
    }

    /** @return the case's name in a test report: its class */
    @Override
    public String toString() {
        return className;
    }
}
