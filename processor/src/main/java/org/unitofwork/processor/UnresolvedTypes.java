package org.unitofwork.processor;

import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;

/**
 * Finds types the compiler could not resolve yet in what a wrapper copies. Another processor may
 * generate them in a later round, so the wrapper waits for that round instead of failing.
 */
final class UnresolvedTypes {
    private final Set<TypeMirror> visitedVariables = new HashSet<>();

    private UnresolvedTypes() {
    }

    /**
     * @param type a type to wrap
     * @return whether its interfaces or type parameters mention an unresolved type
     */
    static boolean in(TypeElement type) {
        UnresolvedTypes search = new UnresolvedTypes();
        for (TypeMirror implemented : type.getInterfaces()) {
            if (search.contains(implemented)) {
                return true;
            }
        }
        return search.anyBound(type.getTypeParameters());
    }

    /**
     * @param method a method to wrap
     * @return whether its signature mentions an unresolved type
     */
    static boolean in(ExecutableElement method) {
        UnresolvedTypes search = new UnresolvedTypes();
        if (search.contains(method.getReturnType()) || search.anyBound(method.getTypeParameters())) {
            return true;
        }
        for (VariableElement parameter : method.getParameters()) {
            if (search.contains(parameter.asType())) {
                return true;
            }
        }
        for (TypeMirror thrown : method.getThrownTypes()) {
            if (search.contains(thrown)) {
                return true;
            }
        }
        return false;
    }

    private boolean anyBound(Iterable<? extends TypeParameterElement> parameters) {
        for (TypeParameterElement parameter : parameters) {
            for (TypeMirror bound : parameter.getBounds()) {
                if (contains(bound)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean contains(TypeMirror type) {
        if (type == null) {
            return false;
        }
        if (type.getKind() == TypeKind.ERROR) {
            return true;
        }
        if (type instanceof ArrayType array) {
            return contains(array.getComponentType());
        }
        if (type instanceof WildcardType wildcard) {
            return contains(wildcard.getExtendsBound()) || contains(wildcard.getSuperBound());
        }
        if (type instanceof TypeVariable variable) {
            // bounds such as <T extends Comparable<T>> refer back to the variable itself
            return visitedVariables.add(variable) && contains(variable.getUpperBound());
        }
        if (type instanceof DeclaredType declared) {
            for (TypeMirror argument : declared.getTypeArguments()) {
                if (contains(argument)) {
                    return true;
                }
            }
            return contains(declared.getEnclosingType());
        }
        return false;
    }
}
