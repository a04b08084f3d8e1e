package org.unitofwork.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;

/**
 * A type that passed validation and what its wrapper holds.
 *
 * @param type the wrapped type, also the generated file's only originating element
 * @param wrapperName the wrapper's name
 * @param methods the wrapped methods, in declaration order
 * @param interfaces the interfaces the wrapper implements in the type's place, all of whose methods
 *     it provides
 * @param delegatedMethods the methods of those interfaces that are not wrapped, passed straight to
 *     the delegate
 */
record WrapperModel(
        TypeElement type,
        ClassName wrapperName,
        List<WrappedMethod> methods,
        List<DeclaredType> interfaces,
        List<DelegatedMethod> delegatedMethods) {

    /** @return whether the wrapper holds an instance to delegate to, as opposed to static methods only */
    boolean hasDelegate() {
        return methods.stream().anyMatch(m -> !m.method().getModifiers().contains(Modifier.STATIC));
    }
}
