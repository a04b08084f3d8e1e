package org.unitofwork;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Has the build's generator write {@code final class StackClaim} beside the annotated class: for
 * each size, a method {@code claim<n>KiB} whose frame, as the JVM sizes it, holds that much stack
 * of local variables that the method never uses, so that calling it fails at once with a
 * {@link StackOverflowError} unless that much stack is left, and otherwise costs a call. See
 * {@link StackHeadroom} for why. Only the compiler sees it.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
@interface GenerateStackClaim {
    /** The sizes of the claims, in KiB of stack on a 64-bit JVM. */
    int[] kibibytes();
}
