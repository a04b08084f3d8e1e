package org.unitofwork.processor;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.DeclaredType;

/**
 * A method of an interface the wrapper implements that carries no boundary: the wrapper passes the
 * call straight to its delegate, so that it can stand in for the wrapped type.
 *
 * @param method the interface's method
 * @param declaredIn the interface as the wrapped type implements it, with its type arguments
 */
record DelegatedMethod(ExecutableElement method, DeclaredType declaredIn) {
}
