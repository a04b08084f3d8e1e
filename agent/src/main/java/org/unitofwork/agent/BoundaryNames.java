package org.unitofwork.agent;

import java.util.StringJoiner;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterList;
import net.bytebuddy.description.type.TypeDescription;

/**
 * How the runtime's messages name a woven boundary: as the annotation processor names the same
 * method, {@code AccountService.open(Session,String)}, so that a message reads the same whichever
 * way the boundary was drawn. Nested classes read {@code Outer.Inner}; parameter types are the
 * simple names of their erasures, varargs written {@code String...}; when two woven methods of one
 * class would get the same name that way, both are named with qualified parameter types.
 */
final class BoundaryNames {
    private BoundaryNames() {
    }

    /**
     * @param qualified whether parameter types are written with their qualified names
     */
    static String of(TypeDescription type, MethodDescription method, boolean qualified) {
        StringJoiner parameters = new StringJoiner(",", "(", ")");
        ParameterList<?> declared = method.getParameters();
        for (int i = 0; i < declared.size(); i++) {
            TypeDescription erasure = declared.get(i).getType().asErasure();
            boolean varargs = method.isVarArgs() && i == declared.size() - 1;
            parameters.add(varargs ? label(erasure.getComponentType(), qualified) + "..." : label(erasure, qualified));
        }
        return typeLabel(type) + "." + method.getInternalName() + parameters;
    }

    /** The class's name without its package, enclosing classes joined by dots: {@code Outer.Inner}. */
    static String typeLabel(TypeDescription type) {
        String name = type.getName();
        return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
    }

    private static String label(TypeDescription type, boolean qualified) {
        if (type.isArray()) {
            return label(type.getComponentType(), qualified) + "[]";
        }
        return type.isPrimitive() || qualified ? type.getName() : type.getSimpleName();
    }
}
