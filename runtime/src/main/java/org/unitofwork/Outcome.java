package org.unitofwork;

/** How a unit of work ended, as passed to {@link Session#afterCompletion(java.util.function.Consumer)}. */
public enum Outcome {
    /**
     * The work is durable: the unit committed, or it ran without a transaction, where every statement
     * committed as it ran.
     */
    COMMITTED,
    /** The unit rolled back: nothing it did was kept. */
    ROLLED_BACK,
    /**
     * The commit failed in a way that leaves it unknown whether the database applied it, such as a
     * connection lost during the commit. Check the data before repeating the work.
     */
    UNKNOWN
}
