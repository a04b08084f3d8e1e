package org.unitofwork.spi;

import org.unitofwork.Outcome;

/**
 * How one unit of work ended, as {@link UnitObserver}s hear it and the {@code org.unitofwork.Unit}
 * JFR event records it.
 *
 * @param boundary the name of the boundary that opened the unit, for example {@code
 *     AccountService.open(Session,String)}
 * @param database the name of the unit's database
 * @param outcome how it ended
 * @param rollbackCause why it did not commit: what the boundary threw, or what doomed the unit; null
 *     when it committed, and when it rolled back because {@link org.unitofwork.Session#setRollbackOnly()}
 *     asked for it
 * @param durationNanos from the unit's start until it had ended: connection back in the pool, hooks run
 * @param connectionWaitNanos how long the unit waited for the pool to lend its connection; 0 when it
 *     borrowed none
 * @param statements how many statements the unit executed through its connection (a batch counts once)
 * @param attempt 0 for the first run of the boundary, n for its n-th retry
 * @param retrying whether the boundary runs again after this attempt: it failed with a transient
 *     conflict and has retries left
 */
public record UnitEnded(String boundary, String database, Outcome outcome, Throwable rollbackCause,
        long durationNanos, long connectionWaitNanos, int statements, int attempt, boolean retrying) {

    /**
     * How a unit ended that is not run again.
     *
     * @param boundary the name of the boundary that opened the unit
     * @param database the name of the unit's database
     * @param outcome how it ended
     * @param rollbackCause why it did not commit, or null
     * @param durationNanos from the unit's start until it had ended
     * @param connectionWaitNanos how long the unit waited for its connection
     * @param statements how many statements the unit executed
     * @param attempt 0 for the first run of the boundary, n for its n-th retry
     */
    public UnitEnded(String boundary, String database, Outcome outcome, Throwable rollbackCause,
            long durationNanos, long connectionWaitNanos, int statements, int attempt) {
        this(boundary, database, outcome, rollbackCause, durationNanos, connectionWaitNanos, statements, attempt,
                false);
    }
}
