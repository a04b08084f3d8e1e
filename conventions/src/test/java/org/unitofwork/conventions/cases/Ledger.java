package org.unitofwork.conventions.cases;

/** A session kind's type, marked in {@code META-INF/unitofwork/session-kinds}: injected as it is. */
public interface Ledger {
}
