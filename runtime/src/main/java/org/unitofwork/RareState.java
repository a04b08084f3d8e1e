package org.unitofwork;

import java.sql.Savepoint;
import java.util.ArrayList;

/**
 * The state of a {@link Unit} that only some units need: retries, deadlines, nesting, doom, hooks,
 * adopted data sources, resources of other session kinds, measurements. A unit allocates it on first
 * need, so that most units are one small object.
 */
final class RareState {
    int attempt;
    /** Failures of the earlier attempts of a retried unit, or null on the first attempt. */
    Throwable[] earlierFailures;
    /** {@link System#nanoTime()} at which the unit is past its deadline; 0 without a timeout. */
    long deadline;
    NestedScope innermostNested;
    /** Why the unit can only roll back: a joined boundary failed (or null: code on the connection rolled back). */
    Boundary failedInner;
    /** The failure that doomed the unit; null while it can still commit. */
    Throwable failedInnerCause;
    boolean rollbackRequested;
    ArrayList<Hooks.Hook> hooks;
    /** What {@link Database#adopt adopted} legacy code gets from the database's data source. */
    GuardedConnection legacyGuarded;
    /** The auto-commit the adopted pool lent the connection with. */
    boolean legacyLentAutoCommit;
    /** With {@link JoinMode#SAVEPOINT}: whether legacy code has auto-commit off, as it sees its connection. */
    boolean legacyManual;
    /** The savepoint the open legacy transaction runs on; null when none is open. */
    Savepoint legacySavepoint;
    /** The NESTED scope that was innermost when {@link #legacySavepoint} was set; null for the unit itself. */
    NestedScope legacyLevel;
    /** Whether a legacy transaction is open whose savepoint went with the end of a NESTED scope. */
    boolean legacyUnbounded;
    /** Whether the next statement begins a legacy transaction, on a savepoint set first. */
    boolean legacySavepointDue;
    /** The connection's state as the pool lent it, for pools that do not reset it. */
    ConnectionState changedState;
    /** Pairs of a session kind and the unit's resource of it, in the order opened; null-padded. */
    Object[] resources;
    /** Whether the unit measures itself for observers, JFR or the debug log. */
    boolean observed;
    long started;
    long connectionWait;
    int statements;
    /** The unit's JFR event, or null when no recording takes it. */
    Object event;
    /** {@link System#nanoTime()} when a unit with a hold budget borrowed its connection; else 0. */
    long heldSince;
    long holdBudget;
    HeldTooLong.Borrowed borrowedAt;
    /** How long its statements ran, for a unit with a hold budget. */
    long inStatements;
    /** Whether this unit is a host: see {@link org.unitofwork.spi.HostUnit}. */
    boolean hosting;
    /** The host this unit runs inside, on a savepoint of its connection; null outside any host. */
    Unit host;
}
