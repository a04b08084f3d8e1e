package org.unitofwork;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One unit of work on one thread and database: the session user code sees, and the scope of the
 * boundary that opened it. It borrows its connection lazily, ends exactly once (commit or rollback,
 * release, restore the thread registry, run hooks) and is then unusable.
 *
 * <p>This class holds the unit's state ({@link RareState} what few units need) and answers the
 * session and the scope; what a unit does with that state lives beside it, one concern a class:
 * {@link ConnectionSource} lends it its connection, {@link NestedScope} nests in it,
 * {@link UnitCompletion} ends it, {@link Deadline} bounds its waits, {@link SessionResources} keeps
 * its resources of other session kinds, {@link Hooks} runs its callbacks, {@link LegacyTransactions}
 * gives legacy code its transactions on the unit's connection, {@link Retries} runs it again,
 * {@link Hosting} makes it a host. They read and write its package-private fields directly: no
 * accessor, no object per concern, so a unit costs what it did as one class.
 */
final class Unit extends Scope implements Session {
    static final Logger LOG = LoggerFactory.getLogger(Unit.class);

    final Database database;
    final Boundary boundary;
    /** The unit of the same database this one suspended on its thread; restored when this one ends. */
    final Unit suspended;
    final boolean transactional;
    final Thread owner;
    Connection connection;
    /**
     * The driver's own connection under {@link #connection}, which an {@code Error} in the driver
     * must abort: once the pool's close failed halfway, its proxy no longer reaches it.
     */
    Connection driverConnection;
    /** Whether {@link #connection} came from the database's replica. */
    boolean fromReplica;
    GuardedConnection guarded;
    /** How the unit ended; null while it is active. */
    Outcome outcome;
    /**
     * Set when a {@code Throwable} that is not an {@code Exception} (a stack overflow, say) struck
     * inside a driver call: the connection's protocol state is unknown, so it is never committed on
     * nor reused (S4). Written directly by the guards' catch blocks, which must not call a method.
     */
    boolean poisoned;
    /**
     * Set when a statement of the unit failed: on PostgreSQL that aborts the whole transaction, whose
     * {@code COMMIT} the server then silently turns into a rollback. Written by the guards' catch blocks.
     */
    boolean statementFailed;
    /**
     * Set when an {@code Error} escaped the end of the unit, or its registration: it is dead, whatever
     * {@link #outcome} says. Written directly in catch blocks, which must not call a method.
     */
    boolean abandoned;
    /** Whether the connection went back to the pool, or was evicted. */
    boolean released;
    /** What only some units need; null until one of them is needed, so most units are one small object. */
    RareState rare;

    Unit(Database database, Boundary boundary, Unit suspended, boolean transactional, int attempt,
            Throwable[] earlierFailures) {
        this.database = database;
        this.boundary = boundary;
        this.suspended = suspended;
        this.transactional = transactional;
        this.owner = Thread.currentThread();
        int timeout = boundary.timeoutSeconds();
        if (attempt > 0 || timeout > 0) {
            RareState r = rare();
            r.attempt = attempt;
            r.earlierFailures = earlierFailures;
            // S16: the deadline counts from the start of the unit, for all it does
            r.deadline = timeout > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout) : 0L;
        }
        boolean recorded = UnitRecording.enabled();
        if (recorded || database.extensions.observed()) {
            RareState r = rare();
            r.observed = true;
            r.started = System.nanoTime();
            r.event = recorded ? UnitRecording.begin() : null;
            database.extensions.unitStarted(boundary, attempt);
        }
        if (suspended != null) {
            Unit host = suspended.hostOf();
            if (host != null) {
                rare().host = host;
            }
        }
    }

    RareState rare() {
        RareState r = rare;
        if (r == null) {
            r = new RareState();
            rare = r;
        }
        return r;
    }

    // ---- Session

    @Override
    public Connection connection() {
        checkOwner();
        GuardedConnection c = guarded;
        return c != null ? c : database.connections.lend(this); // S11: borrowed on the first call only
    }

    @Override
    public Database database() {
        return database;
    }

    @Override
    public <T> T get(Class<T> type) {
        checkOwner();
        return SessionResources.get(this, type);
    }

    @Override
    public boolean isTransactional() {
        return transactional;
    }

    @Override
    public void setRollbackOnly() {
        checkOwner();
        if (!transactional) {
            throw new PropagationException("Session of boundary " + boundary.name() + " on database '"
                    + database.name() + "' runs without a transaction (propagation " + boundary.propagation()
                    + "): its statements commit as they run and there is nothing to roll back.");
        }
        rare().rollbackRequested = true;
    }

    @Override
    public boolean isRollbackOnly() {
        checkOwner();
        RareState r = rare;
        if (r == null) {
            return false;
        }
        if (r.rollbackRequested || r.failedInnerCause != null) {
            return true;
        }
        for (NestedScope n = r.innermostNested; n != null; n = n.outer) {
            if (n.isRollbackOnly()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void afterCommit(Runnable hook) {
        addHook(new Hooks.Hook("afterCommit", Outcome.COMMITTED, Objects.requireNonNull(hook, "hook"), null));
    }

    @Override
    public void afterRollback(Runnable hook) {
        addHook(new Hooks.Hook("afterRollback", Outcome.ROLLED_BACK, Objects.requireNonNull(hook, "hook"), null));
    }

    @Override
    public void afterCompletion(Consumer<Outcome> hook) {
        addHook(new Hooks.Hook("afterCompletion", null, null, Objects.requireNonNull(hook, "hook")));
    }

    private void addHook(Hooks.Hook hook) {
        checkOwner();
        Hooks.add(this, hook);
    }

    // ---- Scope

    @Override
    public Session session() {
        return this;
    }

    @Override
    public void complete() {
        checkOwner();
        Throwable failure;
        try {
            failure = UnitCompletion.end(this, null);
        } catch (Throwable struck) {
            abandoned = true; // S2: a field write only, for the stack may be exhausted
            throw struck;
        }
        if (failure != null) {
            throw rethrow(failure);
        }
    }

    @Override
    public Scope failed(Throwable failure) {
        if (abandoned) { // complete() could not end the unit; what it threw is `failure`
            UnitCompletion.discardQuietly(this);
            throw rethrow(failure);
        }
        if (outcome == null) { // else complete() has ended the unit and threw `failure` itself
            try {
                UnitCompletion.end(this, failure);
            } catch (Throwable struck) {
                abandoned = true;
                UnitCompletion.discardQuietly(this);
                try {
                    UnitCompletion.suppress(failure, struck);
                } catch (Throwable again) {
                    // S1: the stack is still too short even for that; `failure` itself is what matters
                }
                throw rethrow(failure);
            }
        }
        // S17: only the unit's own boundary runs again, and only after a transient conflict
        if (boundary.retries() > 0 && outcome == Outcome.ROLLED_BACK && Retries.isTransient(failure)) {
            if (attempt() < boundary.retries()) {
                return Retries.retry(this, failure);
            }
            failure.addSuppressed(Retries.gaveUp(this));
        }
        throw rethrow(Retries.withEarlierFailures(this, failure));
    }

    /**
     * Whether the unit can no longer be joined: it has ended, or an {@code Error} cut its end short.
     * Such a unit found in the thread's registry is a dead one: see {@link ActiveUnits#active()}.
     */
    boolean isDead() {
        return outcome != null || abandoned;
    }

    /** The number of this run of the unit: 0 for the first, then the number of the retry (S17). */
    int attempt() {
        return rare == null ? 0 : rare.attempt;
    }

    // ---- rollback-only

    /**
     * S6: dooms the innermost transactional scope, the unit or the innermost nested scope, so that
     * it rolls back however its boundary ends.
     *
     * @param inner the joined boundary that failed, or null when code using the connection rolled back
     * @param cause what made it fail
     */
    void markRollbackOnly(Boundary inner, Throwable cause) {
        RareState r = rare();
        if (r.innermostNested != null) {
            r.innermostNested.markRollbackOnly(inner, cause);
        } else if (r.failedInnerCause == null) {
            r.failedInner = inner;
            r.failedInnerCause = cause;
        }
    }

    /** S6: what a doomed scope throws when its boundary returned normally, naming the inner boundary that failed. */
    RollbackOnlyException rollbackOnly(Boundary outer, Boundary inner, Throwable cause) {
        String why = inner != null
                ? "the inner " + inner.opener() + ", which joined it, failed with " + cause
                + ". Let that exception propagate, or " + inner.givePropagation("NESTED or REQUIRES_NEW")
                + " so that its failure stays its own."
                : cause.getMessage() + ". Let the failure that made that code roll back propagate out of the boundary.";
        return new RollbackOnlyException(outer.subject() + " on database '" + database.name()
                + "' returned normally on " + Threads.describe(owner) + ", but it was rolled back: " + why, cause);
    }

    // ---- what the guards call

    /**
     * Counts a statement about to execute and bounds it by the unit's deadline (S16): its query
     * timeout becomes the smaller of its own and the unit's remaining time, and the connection's
     * network timeout the remaining time, so neither a slow statement nor a silent server outlives
     * the deadline.
     *
     * @param statement the driver's statement
     * @param ownTimeoutSeconds the query timeout the user set on the statement, 0 for none
     * @return when the statement starts, for a unit that times its statements against a hold budget
     *     (then {@link #afterExecute} follows it); else 0
     * @throws UnitTimeoutException when the unit is already past its deadline
     */
    long beforeExecute(Statement statement, int ownTimeoutSeconds) throws SQLException {
        RareState r = rare;
        if (r != null) {
            r.statements++;
            if (r.deadline != 0L) {
                Deadline.bound(this, statement, ownTimeoutSeconds);
            }
            if (r.legacySavepointDue) {
                LegacyTransactions.begin(this, r); // S24
            }
            if (r.heldSince != 0L) {
                return System.nanoTime();
            }
        }
        return 0L;
    }

    /**
     * Counts the time a statement ran, for a unit with a connection hold budget.
     *
     * @param started what {@link #beforeExecute} returned for it, never 0
     */
    void afterExecute(long started) {
        rare.inStatements += System.nanoTime() - started;
    }

    /** Before user code changes a setting of the connection: a pool that does not reset it gets it back as lent. */
    void beforeSettingChange() throws SQLException {
        ConnectionState lent = changedState();
        if (lent != null) {
            lent.beforeSettingChange(connection);
        }
    }

    /** The connection's state as the pool lent it, for pools that do not reset it; else null. */
    ConnectionState changedState() {
        return rare == null ? null : rare.changedState;
    }

    // ---- hosting (org.unitofwork.spi.HostUnit; see Hosting)

    boolean hosts() {
        RareState r = rare;
        return r != null && r.hosting;
    }

    /** The host this unit runs inside, or null. */
    Unit host() {
        RareState r = rare;
        return r == null ? null : r.host;
    }

    /** The host of the units opened above this one: itself when it hosts, else its own host, or null. */
    private Unit hostOf() {
        RareState r = rare;
        return r == null ? null : r.hosting ? this : r.host;
    }

    // ---- confinement (S13)

    /**
     * Throws unless called on the owning thread while the unit is active and its connection can still
     * be talked to: every guard of what the unit hands out calls it before the driver.
     *
     * @param used what the caller uses, named by the message: an object the unit handed out
     */
    void checkUsable(Object used) {
        checkOwner(used);
        if (poisoned) { // S4: nothing more is sent on a connection an Error struck
            throw new UnitOfWorkException(whatOfThisUnit(used) + " cannot be used any more: an Error (such as a"
                    + " stack overflow) struck inside a call to the driver and may have left the connection's exchange"
                    + " with the database half done, so another call could read a stale reply or wait forever. The"
                    + " unit rolls back and its connection is closed. Let such an Error propagate out of the unit"
                    + " instead of catching it inside, or give the thread a deeper stack.");
        }
    }

    /** Throws unless the session is used on the owning thread while the unit is active. */
    private void checkOwner() {
        checkOwner(this);
    }

    /** S13: throws unless {@code used} is used on the owning thread while the unit is active. */
    private void checkOwner(Object used) {
        if (Thread.currentThread() != owner) {
            throw usedOnAnotherThread(used);
        }
        if (outcome != null) {
            throw usedAfterTheEnd(used);
        }
    }

    private WrongThreadException usedOnAnotherThread(Object used) {
        return new WrongThreadException(whatOfThisUnit(used) + " was used on " + Threads.describe(Thread.currentThread())
                + ": a unit's session and everything it hands out (its connection, statements, result sets,"
                + " metadata, LOBs, streams and views of the driver's interfaces) work only on the thread that opened"
                + " the unit. Use it there, or open a unit on this thread (for example with Database.run).");
    }

    private NoActiveUnitException usedAfterTheEnd(Object used) {
        return new NoActiveUnitException(whatOfThisUnit(used) + " was used after the unit ended (" + outcome + "): a"
                + " unit's session and everything it hands out live only as long as the unit. Open a new unit"
                + " instead.");
    }

    private String whatOfThisUnit(Object used) {
        return (used == this ? "The session" : Guard.named(used)) + " of " + describe();
    }

    /**
     * Names the unit inside a message sentence: the boundary that opened it, its database and its thread, as in
     * "the unit that boundary OrderService.place opened on database 'shop' on thread 'main' (#1)" or "the unit
     * that Database.run or Database.call opened on database 'bank' on thread 'main' (#1)".
     */
    String describe() {
        return "the unit that " + boundary.opener() + " opened on database '" + database.name() + "' on "
                + Threads.describe(owner);
    }

    /** {@link #describe()} for the start of a sentence. */
    String describeAtStart() {
        return "The" + describe().substring("the".length());
    }

    @Override
    public String toString() {
        return "Session[" + boundary.name() + ", database=" + database.name() + ", "
                + (transactional ? "transactional" : "auto-commit") + ", " + Threads.describe(owner)
                + (outcome != null ? ", ended " + outcome : "") + "]";
    }
}
