package org.unitofwork.agent;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.description.type.TypeList;
import org.unitofwork.conventions.InjectedKind;
import org.unitofwork.conventions.Injection;
import org.unitofwork.conventions.ParameterShape;
import org.unitofwork.conventions.SessionKindMarkers;

/**
 * A woven method's parameters as the injection rule ({@link Injection}) sees them, which the processor
 * applies too: their names (as the class file records them, {@code arg0}, {@code arg1}… when it was
 * compiled without {@code -parameters}), their types written as the compiler writes them, and whether
 * an integration module on the class's class path marks a type as a session kind's.
 */
final class ParameterShapes {
    private ParameterShapes() {
    }

    /**
     * @param method a woven method
     * @param loader the loader of its class, whose class path holds the session-kind markers
     */
    static List<ParameterShape> of(MethodDescription method, ClassLoader loader) {
        List<ParameterShape> shapes = new ArrayList<>();
        for (ParameterDescription parameter : method.getParameters()) {
            TypeDescription.Generic type = parameter.getType();
            TypeDescription erasure = type.asErasure();
            ParameterShape.Form form = type.getSort() == TypeDefinition.Sort.PARAMETERIZED ? ParameterShape.Form.PARAMETERIZED
                    : type.getSort().isTypeVariable() ? ParameterShape.Form.TYPE_VARIABLE : ParameterShape.Form.PLAIN;
            boolean reference = !erasure.isPrimitive() && !erasure.isArray();
            String name = erasure.getName();
            boolean sessionKind = reference && form != ParameterShape.Form.TYPE_VARIABLE
                    && !name.equals(InjectedKind.SESSION_TYPE) && !name.equals(InjectedKind.CONNECTION_TYPE)
                    && isMarked(name, loader);
            shapes.add(new ParameterShape(parameter.getName(), written(type), BoundaryNames.sourceName(erasure), form,
                    sessionKind, reference && erasure.isAssignableTo(Connection.class)));
        }
        return shapes;
    }

    /** Whether an integration module declares the type a session kind, by its marker resource. */
    private static boolean isMarked(String binaryName, ClassLoader loader) {
        String marker = SessionKindMarkers.resource(binaryName);
        return (loader != null ? loader.getResource(marker) : ClassLoader.getSystemResource(marker)) != null;
    }

    /** The type as the compiler writes it: {@code com.example.Sheet<java.lang.String>}, {@code T}. */
    private static String written(TypeDescription.Generic type) {
        TypeDefinition.Sort sort = type.getSort();
        if (sort == TypeDefinition.Sort.PARAMETERIZED) {
            StringJoiner arguments = new StringJoiner(",", "<", ">");
            type.getTypeArguments().forEach(argument -> arguments.add(written(argument)));
            return BoundaryNames.sourceName(type.asErasure()) + arguments;
        }
        if (sort.isTypeVariable()) {
            return type.getSymbol();
        }
        if (sort == TypeDefinition.Sort.WILDCARD) {
            TypeList.Generic lower = type.getLowerBounds();
            TypeDescription.Generic upper = type.getUpperBounds().getOnly();
            return !lower.isEmpty() ? "? super " + written(lower.getOnly())
                    : upper.represents(Object.class) ? "?" : "? extends " + written(upper);
        }
        if (sort == TypeDefinition.Sort.GENERIC_ARRAY) {
            return written(type.getComponentType()) + "[]";
        }
        return BoundaryNames.sourceName(type.asErasure());
    }
}
