package org.unitofwork.agent;

import java.sql.Connection;
import net.bytebuddy.asm.Advice;
import org.unitofwork.Scope;

/**
 * {@link BoundaryAdvice} for a woven method with a {@link Connection} parameter: the parameter is set
 * to the unit's guarded connection on entry (which borrows it), and to the next attempt's on a
 * retry, whatever the caller passed.
 */
final class ConnectionInjectingAdvice {
    private ConnectionInjectingAdvice() {
    }

    @Advice.OnMethodEnter
    static Scope begin(@BoundaryId int boundary, @InjectedParameter Connection connection) {
        Scope scope = WovenBoundaries.get(boundary).begin();
        for (;;) {
            try {
                connection = scope.connection();
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
            @InjectedParameter Connection connection) {
        Scope next = scope.exit(thrown);
        if (next == null) {
            return false;
        }
        scope = next;
        for (;;) {
            try {
                connection = scope.connection();
                return true;
            } catch (Throwable failure) {
                scope = scope.failed(failure);
            }
        }
    }
}
