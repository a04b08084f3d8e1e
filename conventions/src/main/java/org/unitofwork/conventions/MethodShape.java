package org.unitofwork.conventions;

import java.util.List;

/**
 * A method as its boundary's name shows it.
 *
 * @param name the method's name
 * @param parameterTypes the source names of its parameters' erased types: qualified names of classes
 *     and interfaces with dots between nested types ({@code java.util.Map.Entry}), primitive names, and
 *     {@code []} for each array dimension ({@code int[]}, {@code java.lang.String[]})
 * @param varargs whether the last parameter is a variable-arity one
 */
public record MethodShape(String name, List<String> parameterTypes, boolean varargs) {
    /**
     * The canonical constructor.
     *
     * @param name the method's name
     * @param parameterTypes its erased parameter types' source names, copied
     * @param varargs whether its last parameter has variable arity
     */
    public MethodShape {
        parameterTypes = List.copyOf(parameterTypes);
    }
}
