package org.unitofwork.agent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the advice parameter bound to the woven method's {@code Session} or {@code Connection}
 * parameter, which the advice overwrites with the unit's.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@interface InjectedParameter {
}
