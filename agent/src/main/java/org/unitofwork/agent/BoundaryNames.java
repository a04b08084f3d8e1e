package org.unitofwork.agent;

import java.util.StringJoiner;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.unitofwork.agent.choose.ClassModel;

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
    static String of(ClassModel type, ClassModel.Method method, boolean qualified) {
        StringJoiner parameters = new StringJoiner(",", "(", ")");
        Type[] declared = Type.getArgumentTypes(method.descriptor());
        for (int i = 0; i < declared.length; i++) {
            boolean varargs = method.is(Opcodes.ACC_VARARGS) && i == declared.length - 1;
            parameters.add(varargs ? label(type, elementOf(declared[i]), qualified) + "..."
                    : label(type, declared[i], qualified));
        }
        return typeLabel(type.className()) + "." + method.name() + parameters;
    }

    /** The class's name without its package, enclosing classes joined by dots: {@code Outer.Inner}. */
    static String typeLabel(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }

    private static Type elementOf(Type array) {
        return Type.getType(array.getDescriptor().substring(1));
    }

    private static String label(ClassModel type, Type parameter, boolean qualified) {
        return switch (parameter.getSort()) {
            case Type.ARRAY -> label(type, elementOf(parameter), qualified) + "[]";
            case Type.OBJECT -> qualified ? parameter.getClassName() : type.simpleName(parameter.getInternalName());
            default -> parameter.getClassName();
        };
    }
}
