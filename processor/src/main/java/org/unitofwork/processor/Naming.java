package org.unitofwork.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;
import org.unitofwork.conventions.BoundaryNames;
import org.unitofwork.conventions.MethodShape;
import org.unitofwork.conventions.WrapperNames;

/**
 * How generated code and the runtime's messages name things. The wrapper's and the boundaries' names
 * follow the conventions the agent follows too ({@link WrapperNames}, {@link BoundaryNames}); this
 * class hands them the compiler's elements as plain names.
 *
 * <ul>
 *   <li>Wrapper class: {@code Managed} + the wrapped type's simple name, with the simple names of
 *       enclosing types joined by {@code _}, in the wrapped type's package: {@code ManagedAccountService},
 *       {@code ManagedOuter_Inner}.
 *   <li>Boundary: the method as declared in source, injected parameters included, so that a message
 *       leads straight to the method: {@code AccountService.open(Session,String)}. Parameter types are the
 *       simple names of their erasures ({@code List}, {@code int[]}, {@code String...} for varargs);
 *       when two methods of one type would get the same name that way, both use qualified names.
 *   <li>Boundary constant: the method name in upper snake case ({@code OPEN_ACCOUNT}); overloads and
 *       other collisions get {@code _2}, {@code _3}… in declaration order.
 * </ul>
 */
final class Naming {

    private Naming() {
    }

    /**
     * @param type the wrapped type
     * @param typePackage its package
     * @return the name of its wrapper
     */
    static ClassName wrapperName(TypeElement type, PackageElement typePackage) {
        return ClassName.get(typePackage.getQualifiedName().toString(), WrapperNames.of("", simpleNames(type)));
    }

    /**
     * @param type a type
     * @return how messages show it: its simple name after those of its enclosing types, {@code Outer.Inner}
     */
    static String typeLabel(TypeElement type) {
        return BoundaryNames.typeLabel(simpleNames(type));
    }

    /**
     * @param type the type declaring {@code method}
     * @param method the method
     * @param types the compiler's type utilities
     * @return the boundary's name with simple type names, such as {@code AccountService.open(Session,String)}
     */
    static String boundaryName(TypeElement type, ExecutableElement method, Types types) {
        return BoundaryNames.of(typeLabel(type), shape(method, types), false);
    }

    /**
     * @param type the type declaring {@code methods}
     * @param methods the methods of the type that get a boundary
     * @param types the compiler's type utilities
     * @return their boundaries' names, in the same order, qualified where simple names would be ambiguous
     */
    static List<String> boundaryNames(TypeElement type, List<ExecutableElement> methods, Types types) {
        return BoundaryNames.of(typeLabel(type), methods.stream().map(m -> shape(m, types)).toList());
    }

    /** The method as the conventions see it: its name and the source names of its erased parameter types. */
    static MethodShape shape(ExecutableElement method, Types types) {
        List<String> parameterTypes = new ArrayList<>();
        for (VariableElement parameter : method.getParameters()) {
            parameterTypes.add(sourceName(types.erasure(parameter.asType())));
        }
        return new MethodShape(method.getSimpleName().toString(), parameterTypes, method.isVarArgs());
    }

    /** {@code java.util.Map.Entry}, {@code int[]}: the name of an erased type as source writes it qualified. */
    static String sourceName(TypeMirror erasure) {
        if (erasure instanceof ArrayType array) {
            return sourceName(array.getComponentType()) + "[]";
        }
        if (erasure instanceof DeclaredType declared) {
            return ((TypeElement) declared.asElement()).getQualifiedName().toString();
        }
        return erasure.toString();
    }

    /**
     * @param method a method
     * @param taken names already given to other constants of the wrapper; the new name is added
     * @return the name of the constant holding the method's boundary
     */
    static String constantName(ExecutableElement method, Set<String> taken) {
        String base = method.getSimpleName().toString()
                .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .toUpperCase(Locale.ROOT);
        String name = base;
        for (int n = 2; !taken.add(name); n++) {
            name = base + "_" + n;
        }
        return name;
    }

    /** The simple names of the type and its enclosing types, outermost first. */
    private static List<String> simpleNames(TypeElement type) {
        List<String> names = new ArrayList<>();
        for (Element e = type; e.getKind().isClass() || e.getKind().isInterface(); e = e.getEnclosingElement()) {
            names.add(0, e.getSimpleName().toString());
        }
        return names;
    }
}
