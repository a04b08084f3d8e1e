package org.unitofwork.conventions;

import java.util.List;

/**
 * The methods of {@link Object} a class may override: {@code equals}, {@code hashCode},
 * {@code toString}, {@code clone} and {@code finalize}. They are never units of work, so a
 * type-level {@code @UnitOfWork} does not apply to their overrides.
 */
public final class ObjectMethods {
    private ObjectMethods() {
    }

    /**
     * Tells an override of a method of {@link Object} by its name and parameters.
     *
     * @param name a method's name
     * @param parameterTypes the source names of its parameters' erased types, as in {@link MethodShape}
     * @return whether a method of that name and parameters overrides a method of {@link Object}
     */
    public static boolean overridden(String name, List<String> parameterTypes) {
        return switch (name) {
            case "equals" -> parameterTypes.equals(List.of(Object.class.getName()));
            case "hashCode", "toString", "clone", "finalize" -> parameterTypes.isEmpty();
            default -> false;
        };
    }
}
