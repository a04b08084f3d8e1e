package org.unitofwork;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * S17: which failures are worth running a unit again for, how long to wait before each retry, and
 * the retry itself. Only the outermost boundary of a unit runs again; a joined one never does.
 */
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

    /**
     * Runs the unit's boundary again after a transient failure, once the backoff has passed: the
     * next attempt is a new unit, which carries the failures of the earlier ones.
     *
     * @return the scope of the next attempt, already begun
     */
    static Scope retry(Unit unit, Throwable failure) {
        int next = unit.attempt() + 1;
        Throwable[] earlierFailures = earlierFailures(unit);
        Throwable[] earlier = earlierFailures == null ? new Throwable[1]
                : Arrays.copyOf(earlierFailures, earlierFailures.length + 1);
        earlier[earlier.length - 1] = failure;
        long pause = backoffMillis(next);
        Unit.LOG.info("Retrying {} on database '{}' in {} ms after a transient failure (retry {} of {}): {}",
                unit.boundary.name(), unit.database.name(), pause, next, unit.boundary.retries(), failure.toString());
        try {
            Thread.sleep(pause);
            return Propagations.begin(unit.boundary, next, earlier);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        throw Scope.rethrow(withEarlierFailures(unit, failure));
    }

    /** What the last attempt's failure carries when every attempt failed with a transient conflict. */
    static UnitOfWorkException gaveUp(Unit unit) {
        return new UnitOfWorkException(unit.boundary.subject() + " on database '" + unit.database.name() + "' on "
                + Threads.describe(unit.owner) + " gave up after " + (unit.attempt() + 1) + " attempts (retries = "
                + unit.boundary.retries() + "): each failed with a transient conflict; the earlier attempts' failures"
                + " are suppressed here too. Make the units conflict less (shorter, in one lock order), or raise"
                + " retries.");
    }

    /** {@code failure}, with the failures of the earlier attempts of its unit added as suppressed. */
    static Throwable withEarlierFailures(Unit unit, Throwable failure) {
        Throwable[] earlierFailures = earlierFailures(unit);
        if (earlierFailures != null) {
            for (Throwable earlier : earlierFailures) {
                if (earlier != failure) {
                    failure.addSuppressed(earlier);
                }
            }
        }
        return failure;
    }

    /** Failures of the earlier attempts of a retried unit, or null on the first attempt. */
    private static Throwable[] earlierFailures(Unit unit) {
        return unit.rare == null ? null : unit.rare.earlierFailures;
    }
}
