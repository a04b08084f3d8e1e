package org.unitofwork.agent.choose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.unitofwork.conventions.MethodShape;

/**
 * How the runtime's messages name a woven boundary: as the annotation processor names the same
 * method, {@code AccountService.open(Session,String)}, by the same conventions
 * ({@link org.unitofwork.conventions.BoundaryNames}), so that a message reads the same whichever way
 * the boundary was drawn. This class hands them the class file's names.
 */
final class BoundaryNames {
    private BoundaryNames() {
    }

    /**
     * @param qualified whether parameter types are written with their qualified names
     */
    static String of(ClassModel type, ClassModel.Method method, boolean qualified) {
        return org.unitofwork.conventions.BoundaryNames.of(typeLabel(type), shape(type, method), qualified);
    }

    /** The boundary names of the methods of one class, qualified where simple names would be ambiguous. */
    static List<String> of(ClassModel type, List<ClassModel.Method> methods) {
        List<MethodShape> shapes = new ArrayList<>();
        for (ClassModel.Method method : methods) {
            shapes.add(shape(type, method));
        }
        return org.unitofwork.conventions.BoundaryNames.of(typeLabel(type), shapes);
    }

    /** The class's name without its package, enclosing classes joined by dots: {@code Outer.Inner}. */
    static String typeLabel(ClassModel type) {
        return org.unitofwork.conventions.BoundaryNames.typeLabel(simpleNames(type));
    }

    /** The simple names of the class and of the classes enclosing it, outermost first, from its binary name. */
    static List<String> simpleNames(ClassModel type) {
        String name = type.className();
        return Arrays.asList(name.substring(name.lastIndexOf('.') + 1).split("\\$", -1));
    }

    /** The method as the conventions see it: its name and the source names of its erased parameter types. */
    static MethodShape shape(ClassModel type, ClassModel.Method method) {
        List<String> parameterTypes = new ArrayList<>();
        for (Type parameter : Type.getArgumentTypes(method.descriptor())) {
            parameterTypes.add(type.sourceName(parameter));
        }
        return new MethodShape(method.name(), parameterTypes, method.is(Opcodes.ACC_VARARGS));
    }
}
