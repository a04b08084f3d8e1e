package org.unitofwork.scenarios;

/**
 * The boundaries the scenario suite needs, each with fixed attributes. Every {@link EntryPoint}
 * offers all of them; all run on the database named {@code "default"} unless said otherwise.
 */
public enum BoundaryKind {
    /** Propagation REQUIRED, nothing else. */
    REQUIRED,
    /** Propagation REQUIRES_NEW. */
    REQUIRES_NEW,
    /** Propagation NESTED. */
    NESTED,
    /** Propagation MANDATORY. */
    MANDATORY,
    /** Propagation SUPPORTS. */
    SUPPORTS,
    /** Propagation NOT_SUPPORTED. */
    NOT_SUPPORTED,
    /** Propagation NEVER. */
    NEVER,
    /** REQUIRED, readOnly = true. */
    READ_ONLY,
    /** REQUIRED, isolation = SERIALIZABLE. */
    SERIALIZABLE,
    /** REQUIRED, timeoutSeconds = 1. */
    TIMEOUT_1S,
    /** REQUIRED, rollbackFor = NumberFormatException, noRollbackFor = IllegalArgumentException. */
    RULES,
    /** REQUIRED, retries = 3. */
    RETRIES_3,
    /** REQUIRED on the database named {@code "other"}. */
    OTHER_DATABASE
}
