package org.unitofwork.agent;

import net.bytebuddy.asm.Advice;
import org.unitofwork.Scope;

/**
 * {@link BoundaryAdvice} for a woven method with a parameter of a session kind's type (a JPA {@code
 * EntityManager}, a jOOQ {@code DSLContext}…): the parameter is set to the unit's resource of that kind
 * on entry, and to the next attempt's on a retry, whatever the caller passed.
 */
final class ResourceInjectingAdvice {
    private ResourceInjectingAdvice() {
    }

    @Advice.OnMethodEnter
    static Scope begin(@BoundaryId int boundary, @SessionKindType Class<?> type, @InjectedParameter Object resource) {
        Scope scope = WovenBoundaries.get(boundary).begin();
        for (;;) {
            try {
                resource = scope.session().get(type);
                return scope;
            } catch (Throwable failure) {
                // the body will not run, so the exit advice will not either: end the unit here
                scope = scope.failed(failure);
            }
        }
    }

    /** Returns true to run the method body again, for a retry. */
    @Advice.OnMethodExit(onThrowable = Throwable.class, repeatOn = Advice.OnNonDefaultValue.class, backupArguments = false)
    static boolean end(@Advice.Enter(readOnly = false) Scope scope, @Advice.Thrown Throwable thrown,
            @SessionKindType Class<?> type, @InjectedParameter Object resource) {
        Scope next = scope.exit(thrown);
        if (next == null) {
            return false;
        }
        scope = next;
        for (;;) {
            try {
                resource = scope.session().get(type);
                return true;
            } catch (Throwable failure) {
                scope = scope.failed(failure);
            }
        }
    }
}
