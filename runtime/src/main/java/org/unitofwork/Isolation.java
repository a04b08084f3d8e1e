package org.unitofwork;

import java.sql.Connection;

/** Transaction isolation level of a unit, mapped to the JDBC constants of {@link Connection}. */
public enum Isolation {
    /** Keeps whatever level the pool's connections have. */
    DEFAULT(-1),
    /** {@link Connection#TRANSACTION_READ_UNCOMMITTED}. */
    READ_UNCOMMITTED(Connection.TRANSACTION_READ_UNCOMMITTED),
    /** {@link Connection#TRANSACTION_READ_COMMITTED}. */
    READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
    /** {@link Connection#TRANSACTION_REPEATABLE_READ}. */
    REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ),
    /** {@link Connection#TRANSACTION_SERIALIZABLE}. */
    SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE);

    private final int jdbcLevel;

    Isolation(int jdbcLevel) {
        this.jdbcLevel = jdbcLevel;
    }

    /**
     * The level as a {@code java.sql.Connection.TRANSACTION_*} constant.
     *
     * @return the JDBC constant, or -1 for {@link #DEFAULT}
     */
    public int jdbcLevel() {
        return jdbcLevel;
    }
}
