package org.unitofwork.conventions.cases;

/**
 * A session kind's type with a type parameter, marked in {@code org/unitofwork/sessionkinds}: a
 * parameter that gives it type arguments is refused.
 *
 * @param <T> what the sheet holds
 */
public interface Sheet<T> {
}
