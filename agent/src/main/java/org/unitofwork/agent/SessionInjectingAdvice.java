package org.unitofwork.agent;

import net.bytebuddy.asm.Advice;
import org.unitofwork.Scope;
import org.unitofwork.Session;

/**
 * {@link BoundaryAdvice} for a woven method with a {@link Session} parameter: the parameter is set to
 * the unit's session on entry, and to the next attempt's on a retry, whatever the caller passed.
 */
final class SessionInjectingAdvice {
    private SessionInjectingAdvice() {
    }

    @Advice.OnMethodEnter
    static Scope begin(@BoundaryId int boundary, @InjectedParameter Session session) {
        Scope scope = WovenBoundaries.get(boundary).begin();
        session = scope.session();
        return scope;
    }

    /** Returns true to run the method body again, for a retry. */
    @Advice.OnMethodExit(onThrowable = Throwable.class, repeatOn = Advice.OnNonDefaultValue.class, backupArguments = false)
    static boolean end(@Advice.Enter(readOnly = false) Scope scope, @Advice.Thrown Throwable thrown,
            @InjectedParameter Session session) {
        Scope next = scope.exit(thrown);
        if (next == null) {
            return false;
        }
        scope = next;
        session = scope.session();
        return true;
    }
}
