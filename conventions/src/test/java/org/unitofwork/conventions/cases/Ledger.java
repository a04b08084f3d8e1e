package org.unitofwork.conventions.cases;

/** A session kind's type, marked in {@code org/unitofwork/sessionkinds}: injected as it is. */
public interface Ledger {
}
