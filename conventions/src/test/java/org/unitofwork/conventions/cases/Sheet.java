package org.unitofwork.conventions.cases;

/**
 * A session kind's type with a type parameter, marked in {@code META-INF/unitofwork/session-kinds}: a
 * parameter that gives it type arguments is refused.
 *
 * @param <T> what the sheet holds
 */
public interface Sheet<T> {
}
