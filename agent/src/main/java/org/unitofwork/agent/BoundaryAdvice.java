package org.unitofwork.agent;

import net.bytebuddy.asm.Advice;
import org.unitofwork.Scope;

/**
 * The boundary protocol of {@link Scope}, inlined around the body of a woven method that has no
 * {@code Session} or {@code Connection} parameter: {@code Boundary.begin()} on entry, {@link Scope#exit}
 * on exit, which completes, re-throws, or returns the next attempt's scope, in which case the body
 * runs again.
 */
final class BoundaryAdvice {
    private BoundaryAdvice() {
    }

    @Advice.OnMethodEnter
    static Scope begin(@BoundaryId int boundary) {
        return WovenBoundaries.begin(boundary);
    }

    /** Returns true to run the method body again, for a retry. */
    @Advice.OnMethodExit(onThrowable = Throwable.class, repeatOn = Advice.OnNonDefaultValue.class, backupArguments = false)
    static boolean end(@Advice.Enter(readOnly = false) Scope scope, @Advice.Thrown Throwable thrown) {
        Scope next = scope.exit(thrown);
        if (next == null) {
            return false;
        }
        scope = next;
        return true;
    }
}
