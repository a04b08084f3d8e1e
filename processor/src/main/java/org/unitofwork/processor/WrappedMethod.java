package org.unitofwork.processor;

import javax.lang.model.element.ExecutableElement;
import org.unitofwork.conventions.InjectedKind;

/**
 * One method a wrapper runs inside a boundary.
 *
 * @param method the wrapped method
 * @param boundaryName how the runtime names its boundary
 * @param constantName the wrapper's constant holding the boundary
 * @param attributes the attributes of the annotation that applies to it (its own or its type's)
 * @param injectedIndex the position of the parameter the wrapper supplies, or -1 for none
 * @param injected what the wrapper supplies there, or {@code null} for nothing
 */
record WrappedMethod(
        ExecutableElement method,
        String boundaryName,
        String constantName,
        BoundaryAttributes attributes,
        int injectedIndex,
        InjectedKind injected) {

    /** @return whether the wrapper supplies one of the method's parameters */
    boolean injects() {
        return injected != null;
    }
}
