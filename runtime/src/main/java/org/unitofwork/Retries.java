package org.unitofwork;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/** Which failures are worth running a unit again for, and how long to wait before each retry. */
final class Retries {
    /** First pause; each retry doubles it, up to {@link #MAX_PAUSE_MILLIS}. */
    private static final long FIRST_PAUSE_MILLIS = 10;
    private static final long MAX_PAUSE_MILLIS = 1_000;
    /** MySQL and MariaDB error codes: deadlock found, lock wait timeout exceeded. */
    private static final int MYSQL_DEADLOCK = 1213;
    private static final int MYSQL_LOCK_WAIT_TIMEOUT = 1205;

    private Retries() {
    }

    /**
     * Whether {@code failure} or one of its causes is a transient conflict that the database resolved
     * by aborting this transaction: serialization failure (SQLSTATE 40001), deadlock (40P01), or
     * MySQL's and MariaDB's deadlock and lock-wait errors.
     */
    static boolean isTransient(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof SQLException) {
                for (SQLException e = (SQLException) t; e != null && depth < 32; e = e.getNextException(), depth++) {
                    if (isTransient(e)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        if ("40001".equals(state) || "40P01".equals(state)) {
            return true;
        }
        int code = e.getErrorCode();
        return (code == MYSQL_DEADLOCK || code == MYSQL_LOCK_WAIT_TIMEOUT)
                && ("HY000".equals(state) || "40001".equals(state) || "41000".equals(state));
    }

    /** Pause before retry number {@code retry} (1 for the first): exponential, with half of it random. */
    static long backoffMillis(int retry) {
        long ceiling = Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(retry - 1, 20));
        long half = ceiling / 2;
        return half + ThreadLocalRandom.current().nextLong(half + 1);
    }
}
