package org.unitofwork.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * How generated code and the runtime's messages name things.
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
    private static final String WRAPPER_PREFIX = "Managed";

    private Naming() {
    }

    /**
     * @param type the wrapped type
     * @param typePackage its package
     * @return the name of its wrapper
     */
    static ClassName wrapperName(TypeElement type, PackageElement typePackage) {
        StringJoiner simpleNames = new StringJoiner("_", WRAPPER_PREFIX, "");
        for (TypeElement t : enclosingChain(type)) {
            simpleNames.add(t.getSimpleName());
        }
        return ClassName.get(typePackage.getQualifiedName().toString(), simpleNames.toString());
    }

    /**
     * @param type a type
     * @return how messages show it: its simple name after those of its enclosing types, {@code Outer.Inner}
     */
    static String typeLabel(TypeElement type) {
        StringJoiner label = new StringJoiner(".");
        for (TypeElement t : enclosingChain(type)) {
            label.add(t.getSimpleName());
        }
        return label.toString();
    }

    /**
     * @param type the type declaring {@code method}
     * @param method the method
     * @param qualified whether parameter types are written with their qualified names
     * @param types the compiler's type utilities
     * @return the boundary's name, such as {@code AccountService.open(Session,String)}
     */
    static String boundaryName(TypeElement type, ExecutableElement method, boolean qualified, Types types) {
        StringJoiner parameters = new StringJoiner(",", "(", ")");
        List<? extends VariableElement> declared = method.getParameters();
        for (int i = 0; i < declared.size(); i++) {
            TypeMirror erasure = types.erasure(declared.get(i).asType());
            boolean varargs = method.isVarArgs() && i == declared.size() - 1;
            parameters.add(varargs
                    ? typeLabel(((ArrayType) erasure).getComponentType(), qualified) + "..."
                    : typeLabel(erasure, qualified));
        }
        return typeLabel(type) + "." + method.getSimpleName() + parameters;
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

    private static String typeLabel(TypeMirror erasure, boolean qualified) {
        if (erasure instanceof ArrayType array) {
            return typeLabel(array.getComponentType(), qualified) + "[]";
        }
        if (erasure instanceof DeclaredType declared) {
            TypeElement element = (TypeElement) declared.asElement();
            return (qualified ? element.getQualifiedName() : element.getSimpleName()).toString();
        }
        return erasure.toString();
    }

    /** The type and its enclosing types, outermost first. */
    private static List<TypeElement> enclosingChain(TypeElement type) {
        List<TypeElement> chain = new ArrayList<>();
        for (Element e = type; e.getKind().isClass() || e.getKind().isInterface(); e = e.getEnclosingElement()) {
            chain.add(0, (TypeElement) e);
        }
        return chain;
    }

}
