package org.unitofwork.conventions;

/**
 * A method's parameter as the injection rule looks at it.
 *
 * @param name the parameter's name
 * @param type its type as messages show it, type arguments included:
 *     {@code com.example.Sheet<java.lang.String>}
 * @param erasure the source name of its erased type, as in {@link MethodShape}
 * @param form whether its type is a plain class or interface, one with type arguments, or a type variable
 * @param sessionKind whether an integration module marks its type (the erasure, for a type with type
 *     arguments) as a session kind's, by {@link SessionKindMarkers}; false for a type variable
 * @param connectionSubtype whether its type, or a type variable's bound, is {@code java.sql.Connection}
 *     or a subtype of it
 */
public record ParameterShape(String name, String type, String erasure, Form form, boolean sessionKind,
        boolean connectionSubtype) {

    /** What kind of type a parameter has. */
    public enum Form {
        /** A type without type arguments: a class, an interface, a primitive or an array. */
        PLAIN,
        /** A class or interface with type arguments. */
        PARAMETERIZED,
        /** A type variable. */
        TYPE_VARIABLE
    }
}
