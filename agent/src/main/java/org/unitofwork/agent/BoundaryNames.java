package org.unitofwork.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
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
    static String of(TypeDescription type, MethodDescription method, boolean qualified) {
        return org.unitofwork.conventions.BoundaryNames.of(typeLabel(type), shape(method), qualified);
    }

    /** The boundary names of the methods of one class, qualified where simple names would be ambiguous. */
    static List<String> of(TypeDescription type, List<? extends MethodDescription> methods) {
        return org.unitofwork.conventions.BoundaryNames.of(typeLabel(type),
                methods.stream().map(BoundaryNames::shape).toList());
    }

    /** The class's name without its package, enclosing classes joined by dots: {@code Outer.Inner}. */
    static String typeLabel(TypeDescription type) {
        return org.unitofwork.conventions.BoundaryNames.typeLabel(simpleNames(type));
    }

    /** The simple names of the class and of the classes enclosing it, outermost first, from its binary name. */
    static List<String> simpleNames(TypeDescription type) {
        String name = type.getName();
        return Arrays.asList(name.substring(name.lastIndexOf('.') + 1).split("\\$", -1));
    }

    /** The method as the conventions see it: its name and the source names of its erased parameter types. */
    static MethodShape shape(MethodDescription method) {
        List<String> parameterTypes = new ArrayList<>();
        for (ParameterDescription parameter : method.getParameters()) {
            parameterTypes.add(sourceName(parameter.getType().asErasure()));
        }
        return new MethodShape(method.getInternalName(), parameterTypes, method.isVarArgs());
    }

    /** {@code java.util.Map.Entry}, {@code int[]}: the name of an erased type as source writes it qualified. */
    static String sourceName(TypeDescription erasure) {
        if (erasure.isArray()) {
            return sourceName(erasure.getComponentType()) + "[]";
        }
        String canonical = erasure.isPrimitive() ? null : erasure.getCanonicalName();
        return canonical != null ? canonical : erasure.getName();
    }
}
