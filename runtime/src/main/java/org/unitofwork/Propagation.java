package org.unitofwork;

/**
 * How a boundary relates to a unit of work already active on the calling thread for the same
 * database. The meanings follow Jakarta Transactions' {@code TxType}, with {@link #NESTED} added.
 *
 * <p>"Without a transaction" below means the boundary runs in a non-transactional session: its
 * connection is in auto-commit mode, so every statement commits as it runs, and the connection is
 * still borrowed lazily and released when the boundary ends.
 */
public enum Propagation {
    /** Joins the active unit, or opens a new one when there is none. The default. */
    REQUIRED,
    /** Always opens a new unit on its own connection; an active unit is suspended until it ends. */
    REQUIRES_NEW,
    /**
     * Inside an active unit, runs under a savepoint: a failure rolls back to it and the outer unit
     * stays usable. Without an active unit, behaves as {@link #REQUIRED}.
     */
    NESTED,
    /** Joins the active unit; fails with {@link PropagationException} when there is none. */
    MANDATORY,
    /** Joins the active unit; without one, runs without a transaction. */
    SUPPORTS,
    /** Suspends the active unit, if any, and runs without a transaction. */
    NOT_SUPPORTED,
    /** Runs without a transaction; fails with {@link PropagationException} inside an active unit. */
    NEVER
}
