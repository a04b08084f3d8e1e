package org.unitofwork.conventions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * How a boundary drawn around a method is named, which the runtime's messages, logs and hooks show:
 * the method as declared in source, so that a message leads straight to it,
 * {@code AccountService.open(Session,String)}. The type is written as its simple name after those of
 * its enclosing types, {@code Outer.Inner}; the parameters as the simple names of their erased types,
 * {@code int[]} for arrays and {@code String...} for a variable-arity parameter. When two methods of
 * one type would get the same name that way, both are written with qualified parameter types,
 * {@code Calendar.mark(java.util.Date)} and {@code Calendar.mark(java.sql.Date)}.
 */
public final class BoundaryNames {
    private BoundaryNames() {
    }

    /**
     * Labels a type in boundary names and messages.
     *
     * @param simpleNames the simple names of a type's enclosing types and of the type, outermost first
     * @return how messages show the type: {@code Outer.Inner}
     */
    public static String typeLabel(List<String> simpleNames) {
        return String.join(".", simpleNames);
    }

    /**
     * Names the boundary of one method.
     *
     * @param typeLabel the declaring type's {@link #typeLabel label}
     * @param method the method
     * @param qualified whether parameter types are written with their qualified names
     * @return the name of the method's boundary
     */
    public static String of(String typeLabel, MethodShape method, boolean qualified) {
        StringJoiner parameters = new StringJoiner(",", "(", ")");
        List<String> types = method.parameterTypes();
        for (int i = 0; i < types.size(); i++) {
            String type = qualified ? types.get(i) : simpleName(types.get(i));
            boolean varargs = method.varargs() && i == types.size() - 1;
            parameters.add(varargs ? type.substring(0, type.length() - 2) + "..." : type);
        }
        return typeLabel + "." + method.name() + parameters;
    }

    /**
     * Names the boundaries of the methods of one type, applying the ambiguity rule.
     *
     * @param typeLabel the declaring type's {@link #typeLabel label}
     * @param methods the methods of the type that get a boundary
     * @return their boundaries' names, in the same order
     */
    public static List<String> of(String typeLabel, List<MethodShape> methods) {
        Set<String> seen = new HashSet<>();
        Set<String> ambiguous = new HashSet<>();
        for (MethodShape method : methods) {
            String name = of(typeLabel, method, false);
            if (!seen.add(name)) {
                ambiguous.add(name);
            }
        }
        List<String> names = new ArrayList<>(methods.size());
        for (MethodShape method : methods) {
            String name = of(typeLabel, method, false);
            names.add(ambiguous.contains(name) ? of(typeLabel, method, true) : name);
        }
        return names;
    }

    /** {@code java.util.Map.Entry[]} gives {@code Entry[]}. */
    private static String simpleName(String sourceName) {
        int dimensions = sourceName.indexOf('[');
        String element = dimensions < 0 ? sourceName : sourceName.substring(0, dimensions);
        return sourceName.substring(element.lastIndexOf('.') + 1);
    }
}
