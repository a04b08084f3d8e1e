package org.unitofwork;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Has the build's guard generator write, for each interface named, {@code final class Guarded<I>
 * extends} the annotated class {@code implements I}: every method of {@code I} the annotated class
 * does not implement, checked and delegated by the generator's rules. Only the compiler sees it.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
@interface GenerateGuards {
    /** The JDBC interfaces to guard. */
    Class<?>[] value();
}
