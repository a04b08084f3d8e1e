package org.unitofwork;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitofwork.spi.SessionKind;
import org.unitofwork.spi.UnitEnded;

/**
 * One unit of work on one thread and database: the session user code sees, and the scope of the
 * boundary that opened it. It borrows its connection lazily, ends exactly once (commit or rollback,
 * release, restore the thread registry, run hooks) and is then unusable.
 */
final class Unit extends Scope implements Session {
    static final Logger LOG = LoggerFactory.getLogger(Unit.class);
    /** Runs the driver's network-timeout action at once; some drivers refuse a null executor. */
    private static final Executor DIRECT = Runnable::run;
    /** How much longer than a statement's query timeout the network may stay silent. */
    private static final long NETWORK_GRACE_MILLIS = 500;

    private final Database database;
    private final Boundary boundary;
    /** The unit of the same database this one suspended on its thread; restored when this one ends. */
    private final Unit suspended;
    private final boolean transactional;
    private final Thread owner;
    private Connection connection;
    /**
     * The driver's own connection under {@link #connection}, which an {@code Error} in the driver
     * must abort: once the pool's close failed halfway, its proxy no longer reaches it.
     */
    private Connection driverConnection;
    /** Whether {@link #connection} came from the database's replica. */
    private boolean fromReplica;
    private GuardedConnection guarded;
    private Outcome outcome;
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
    private boolean released;
    /** What only some units need; null until one of them is needed, so most units are one small object. */
    private Rare rare;

    Unit(Database database, Boundary boundary, Unit suspended, boolean transactional, int attempt,
            Throwable[] earlierFailures) {
        this.database = database;
        this.boundary = boundary;
        this.suspended = suspended;
        this.transactional = transactional;
        this.owner = Thread.currentThread();
        int timeout = boundary.timeoutSeconds();
        if (attempt > 0 || timeout > 0) {
            Rare r = rare();
            r.attempt = attempt;
            r.earlierFailures = earlierFailures;
            r.deadline = timeout > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout) : 0L;
        }
        boolean recorded = UnitRecording.enabled();
        if (recorded || database.extensions.observed()) {
            Rare r = rare();
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

    private Rare rare() {
        Rare r = rare;
        if (r == null) {
            r = new Rare();
            rare = r;
        }
        return r;
    }

    // ---- Session

    @Override
    public Connection connection() {
        checkOwner();
        GuardedConnection c = guarded;
        return c != null ? c : borrow();
    }

    @Override
    public Database database() {
        return database;
    }

    @Override
    public <T> T get(Class<T> type) {
        checkOwner();
        Rare r = rare;
        Object[] resources = r == null ? null : r.resources;
        if (resources != null) {
            for (int i = 0; i < resources.length && resources[i] != null; i += 2) {
                if (((SessionKind<?>) resources[i]).type() == type) {
                    return type.cast(resources[i + 1]);
                }
            }
        }
        return open(database.extensions.kind(Objects.requireNonNull(type, "type"), describeAtStart()));
    }

    private <T> T open(SessionKind<T> kind) {
        T resource;
        try {
            resource = kind.open(this);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new UnitOfWorkException(describeAtStart() + " could not open its " + kind.type().getName() + ": " + e,
                    e);
        }
        if (resource == null) {
            throw new DatabaseConfigurationException("Session kind " + kind + " opened null for " + describe()
                    + "; a kind must return the unit's " + kind.type().getName() + ".");
        }
        Rare r = rare();
        Object[] resources = r.resources;
        int free = 0;
        if (resources == null) {
            resources = new Object[4];
        } else {
            while (free < resources.length && resources[free] != null) {
                free += 2;
            }
            if (free == resources.length) {
                resources = Arrays.copyOf(resources, resources.length * 2);
            }
        }
        resources[free] = kind;
        resources[free + 1] = resource;
        r.resources = resources;
        return resource;
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
        Rare r = rare;
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
        addHook(new Hook("afterCommit", Outcome.COMMITTED, Objects.requireNonNull(hook, "hook"), null));
    }

    @Override
    public void afterRollback(Runnable hook) {
        addHook(new Hook("afterRollback", Outcome.ROLLED_BACK, Objects.requireNonNull(hook, "hook"), null));
    }

    @Override
    public void afterCompletion(Consumer<Outcome> hook) {
        addHook(new Hook("afterCompletion", null, null, Objects.requireNonNull(hook, "hook")));
    }

    private void addHook(Hook hook) {
        checkOwner();
        Rare r = rare();
        if (r.hooks == null) {
            r.hooks = new ArrayList<>(4);
        }
        r.hooks.add(hook);
    }

    int hookCount() {
        return rare == null || rare.hooks == null ? 0 : rare.hooks.size();
    }

    /** Drops the hooks of a nested scope whose work was rolled back to its savepoint. */
    void discardHooksFrom(int first) {
        ArrayList<Hook> hooks = rare == null ? null : rare.hooks;
        if (hooks != null && hooks.size() > first) {
            hooks.subList(first, hooks.size()).clear();
        }
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
            failure = end(null);
        } catch (Throwable struck) {
            abandoned = true; // a field write only: the stack may be exhausted (S2)
            throw struck;
        }
        if (failure != null) {
            throw rethrow(failure);
        }
    }

    @Override
    public Scope failed(Throwable failure) {
        if (abandoned) { // complete() could not end the unit; what it threw is `failure`
            discardQuietly();
            throw rethrow(failure);
        }
        if (outcome == null) { // else complete() has ended the unit and threw `failure` itself
            try {
                end(failure);
            } catch (Throwable struck) {
                abandoned = true;
                discardQuietly();
                try {
                    suppress(failure, struck);
                } catch (Throwable again) {
                    // the stack is still too short even for that; `failure` itself is what matters (S1)
                }
                throw rethrow(failure);
            }
        }
        if (boundary.retries() > 0 && outcome == Outcome.ROLLED_BACK && Retries.isTransient(failure)) {
            if (attempt() < boundary.retries()) {
                return retry(failure);
            }
            failure.addSuppressed(new UnitOfWorkException(boundary.subject() + " on database '" + database.name()
                    + "' on " + Threads.describe(owner) + " gave up after " + (attempt() + 1) + " attempts (retries = "
                    + boundary.retries() + "): each failed with a transient conflict; the earlier attempts' failures are"
                    + " suppressed here too. Make the units conflict less (shorter, in one lock order), or raise"
                    + " retries."));
        }
        throw rethrow(withEarlierFailures(failure));
    }

    /**
     * Whether the unit can no longer be joined: it has ended, or an {@code Error} cut its end short.
     * Such a unit found in the thread's registry is a dead one: see {@link Database#activeUnit()}.
     */
    boolean isDead() {
        return outcome != null || abandoned;
    }

    /**
     * Finishes what an {@code Error} kept the end of this unit from doing: its connection, if it still
     * holds one, is evicted (its state is unknown), and the thread's registry is restored. Never
     * throws; whatever it cannot do now, the next boundary on the thread does.
     */
    private void discardQuietly() {
        try {
            discard();
        } catch (Throwable e) {
            // even calling it overflowed: the next boundary on the thread discards the unit
        }
    }

    void discard() {
        abandoned = true;
        try {
            Connection c = connection;
            if (c != null && !released) {
                released = true;
                if (guarded != null) {
                    guarded.invalidate();
                }
                database.connections.evictStruck(c, driverConnection, fromReplica);
            }
            database.units.restoreAfterDead(this, suspended);
        } catch (Throwable e) {
            // The registry still names this unit as dead: the next boundary on the thread discards it.
        }
    }

    private Scope retry(Throwable failure) {
        int next = attempt() + 1;
        Throwable[] earlierFailures = earlierFailures();
        Throwable[] earlier = earlierFailures == null ? new Throwable[1]
                : Arrays.copyOf(earlierFailures, earlierFailures.length + 1);
        earlier[earlier.length - 1] = failure;
        long pause = Retries.backoffMillis(next);
        LOG.info("Retrying {} on database '{}' in {} ms after a transient failure (retry {} of {}): {}",
                boundary.name(), database.name(), pause, next, boundary.retries(), failure.toString());
        try {
            Thread.sleep(pause);
            return boundary.begin(next, earlier);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        throw rethrow(withEarlierFailures(failure));
    }

    private int attempt() {
        return rare == null ? 0 : rare.attempt;
    }

    /** Failures of the earlier attempts of a retried unit, or null on the first attempt. */
    private Throwable[] earlierFailures() {
        return rare == null ? null : rare.earlierFailures;
    }

    private Throwable withEarlierFailures(Throwable failure) {
        Throwable[] earlierFailures = earlierFailures();
        if (earlierFailures != null) {
            for (Throwable earlier : earlierFailures) {
                if (earlier != failure) {
                    failure.addSuppressed(earlier);
                }
            }
        }
        return failure;
    }

    /**
     * Ends the unit once: commit or rollback, release, restore the registry, run the hooks.
     *
     * @param failure what the boundary threw, or null when it returned normally
     * @return what the boundary must throw: {@code failure} with cleanup failures suppressed, or
     *     when it returned normally, an exception of the runtime when the unit could not commit
     */
    private Throwable end(Throwable failure) {
        Rare r = rare;
        Throwable doomedBy = r == null ? null : r.failedInnerCause;
        boolean rollbackRequested = r != null && r.rollbackRequested;
        Throwable primary = failure;
        boolean commit;
        if (failure == null) {
            if (doomedBy != null) {
                primary = rollbackOnly(boundary, r.failedInner, doomedBy);
            } else if (pastDeadline()) {
                primary = timedOut();
            }
            commit = primary == null && !rollbackRequested;
        } else {
            commit = !rollbackRequested && !boundary.rollsBackOn(failure);
            if (commit && doomedBy != null) {
                commit = false;
                if (doomedBy != failure) {
                    failure.addSuppressed(rollbackOnly(boundary, r.failedInner, doomedBy));
                }
            } else if (pastDeadline()) {
                // Whether the deadline cut a statement or the work failed late, the caller learns it (S16).
                commit = false;
                if (!carriesTimeout(failure)) {
                    failure.addSuppressed(timedOut());
                }
            }
        }

        if (commit && r != null && r.resources != null && !poisoned) {
            // Flushing is the work's last step, so the session is still usable and the unit decides afterwards.
            Throwable flushFailed = flushResources();
            if (flushFailed != null) {
                commit = false;
                primary = chain(primary, flushFailed);
            } else if (r.failedInnerCause != null) {
                commit = false;
                primary = chain(primary, rollbackOnly(boundary, r.failedInner, r.failedInnerCause));
            } else if (r.rollbackRequested) {
                commit = false;
            } else if (pastDeadline()) {
                commit = false;
                primary = chain(primary, timedOut());
            }
        }
        // A read-only transaction wrote nothing the server keeps, so an aborted one loses nothing.
        if (commit && statementFailed && connection != null && transactional && !poisoned && !boundary.readOnly()) {
            Throwable aborted = abortedByAFailedStatement();
            if (aborted != null) {
                commit = false;
                primary = chain(primary, aborted);
            }
        }
        if (poisoned) {
            // The connection's protocol state is unknown: nothing more is sent on it, and closing it
            // makes the server roll the transaction back (S4).
            commit = false;
            primary = chain(primary, poisonedConnection());
        }
        outcome = Outcome.ROLLED_BACK; // ended from here on, whatever fails below; the real outcome follows

        Connection c = connection; // after the flush, which may have borrowed it
        boolean evict = poisoned;
        Outcome ended = Outcome.ROLLED_BACK;
        Throwable commitFailure = null;
        CommitResolution resolution = null;
        try {
            if (!transactional) {
                ended = Outcome.COMMITTED;
            } else {
                if (commit && c != null && boundary.resolveUnknownCommit() && !boundary.readOnly()) {
                    try {
                        resolution = CommitResolution.capture(c);
                    } catch (Throwable e) {
                        commit = false;
                        if (e instanceof Error) {
                            poisoned = true; // the driver may have stopped halfway: no rollback is sent (S2)
                            evict = true;
                        }
                        primary = chain(primary, new UnitOfWorkException(describeAtStart() + " did not commit: it"
                                + " could not read its transaction id, which resolveUnknownCommit needs (PostgreSQL 10"
                                + " or later): " + e.getMessage() + ". The work was rolled back.", e));
                    }
                }
                if (commit) {
                    ended = Outcome.COMMITTED;
                    if (c != null) {
                        try {
                            boundCommit(c);
                            c.commit();
                        } catch (Throwable e) {
                            commitFailure = e;
                            poisoned |= e instanceof Error; // the driver may have stopped halfway (S2)
                            ended = CommitFailures.outcomeUnknown(e, c) ? Outcome.UNKNOWN : Outcome.ROLLED_BACK;
                            // A refused commit leaves the transaction rolled back; rolling back makes sure of it,
                            // and only a connection whose state is then known goes back to the pool.
                            UnitOfWorkException rollbackFailed = ended == Outcome.UNKNOWN ? null : rollBack(c);
                            if (rollbackFailed != null) {
                                e.addSuppressed(rollbackFailed);
                            }
                            evict = ended == Outcome.UNKNOWN || rollbackFailed != null;
                        }
                    }
                } else if (c != null && !evict) {
                    UnitOfWorkException rollbackFailed = rollBack(c);
                    if (rollbackFailed != null) {
                        evict = true;
                        primary = chain(primary, rollbackFailed);
                    }
                }
            }
        } finally {
            outcome = ended;
            try {
                if (rare != null && rare.resources != null) {
                    primary = closeResources(ended, primary);
                }
            } finally {
                primary = release(c, evict, primary);
            }
        }
        if (commitFailure != null) {
            if (ended == Outcome.UNKNOWN && resolution != null) {
                ended = resolve(resolution, commitFailure);
                outcome = ended;
            }
            if (!(commitFailure instanceof Exception)) {
                // An Error reaches the caller as it is (S1); what became of the commit is said beside it.
                commitFailure.addSuppressed(ended == Outcome.COMMITTED
                        ? new UnitOfWorkException(describeAtStart() + " committed: the database confirms it.")
                        : commitFailed(ended, commitFailure, resolution, false));
                primary = chain(primary, commitFailure);
            } else if (ended != Outcome.COMMITTED) {
                primary = chain(primary, commitFailed(ended, commitFailure, resolution, true));
            }
        }
        if (ended == Outcome.COMMITTED && c != null && !boundary.readOnly()) {
            database.connections.wrote();
        }
        if (rare != null && rare.heldSince != 0L) {
            checkHold();
        }
        Throwable thrown = runHooks(ended, primary);
        if (rare != null && rare.observed) {
            report(ended, ended == Outcome.COMMITTED ? null : primary != null ? primary : doomedBy, thrown);
        }
        return thrown;
    }

    /**
     * Flushes the unit's resources in the order they were opened.
     *
     * @return null, or what the first failing flush threw
     */
    private Throwable flushResources() {
        Object[] resources = rare.resources;
        for (int i = 0; i < resources.length && resources[i] != null; i += 2) {
            try {
                flush((SessionKind<?>) resources[i], resources[i + 1]);
            } catch (Throwable e) {
                if (!(e instanceof Exception)) {
                    poisoned = true; // the flush may have stopped in the middle of a driver call
                }
                return e instanceof RuntimeException || e instanceof Error ? e
                        : new UnitOfWorkException(describeAtStart() + " could not flush its "
                        + ((SessionKind<?>) resources[i]).type().getName() + ": " + e + ". It was rolled back.", e);
            }
        }
        return null;
    }

    /**
     * Flushes the resources, if the unit has any, for a nested boundary: as it ends, so that their
     * pending work fails or stays with it, and before it sets its savepoint.
     *
     * @return null, or what the flush threw
     */
    Throwable flushForNested() {
        return rare == null || rare.resources == null || poisoned ? null : flushResources();
    }

    /** Flushes every resource before a nested boundary sets its savepoint, so its work lands before it. */
    void flushBeforeSavepoint(Boundary nested) {
        Throwable failed = flushForNested();
        if (failed != null) {
            failed.addSuppressed(new UnitOfWorkException("The flush ran because nested boundary " + nested.name()
                    + " was about to set its savepoint in " + describe() + "."));
            throw rethrow(failed);
        }
    }

    /** Tells the resources that a nested boundary rolled back to its savepoint; dooms the unit when one cannot follow. */
    void rolledBackToSavepoint(Boundary nested, Throwable primary) {
        if (rare != null && rare.observed) {
            database.extensions.rolledBackToSavepoint(nested, primary);
        }
        Object[] resources = rare == null ? null : rare.resources;
        if (resources == null) {
            return;
        }
        for (int i = 0; i < resources.length && resources[i] != null; i += 2) {
            try {
                rolledBack((SessionKind<?>) resources[i], resources[i + 1]);
            } catch (Throwable e) {
                suppress(primary, e);
                markRollbackOnly(nested, primary);
            }
        }
    }

    /** Closes the resources, newest first; failures join {@code primary}, or are logged when there is none. */
    private Throwable closeResources(Outcome ended, Throwable primary) {
        Object[] resources = rare.resources;
        int last = resources.length - 2;
        while (last >= 0 && resources[last] == null) {
            last -= 2;
        }
        for (int i = last; i >= 0; i -= 2) {
            SessionKind<?> kind = (SessionKind<?>) resources[i];
            try {
                close(kind, resources[i + 1], ended);
            } catch (Throwable e) {
                if (!(e instanceof Exception)) {
                    poisoned = true;
                }
                primary = cleanupFailed(primary, e, ended, "closing its resource of " + kind);
            }
        }
        rare.resources = null;
        return primary;
    }

    @SuppressWarnings("unchecked")
    private static <T> void flush(SessionKind<T> kind, Object resource) throws Exception {
        kind.flush((T) resource);
    }

    @SuppressWarnings("unchecked")
    private static <T> void rolledBack(SessionKind<T> kind, Object resource) throws Exception {
        kind.rolledBackToSavepoint((T) resource);
    }

    @SuppressWarnings("unchecked")
    private static <T> void close(SessionKind<T> kind, Object resource, Outcome ended) throws Exception {
        kind.close((T) resource, ended);
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6);
    }

    /** Tells the JFR recording, the debug log and the observers how the unit ended; never throws. */
    private void report(Outcome ended, Throwable cause, Throwable thrown) {
        Rare r = rare;
        // the condition on which failed() runs the boundary again, which a tracer needs to know now
        boolean retrying = thrown != null && ended == Outcome.ROLLED_BACK && r.attempt < boundary.retries()
                && Retries.isTransient(thrown);
        UnitEnded unit = new UnitEnded(boundary.name(), database.name(), ended, cause,
                System.nanoTime() - r.started, r.connectionWait, r.statements, r.attempt, retrying);
        try {
            if (r.event != null) {
                UnitRecording.commit(r.event, unit);
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}: {} in {} ms (connection wait {} ms, {} statements{}){}", describeAtStart(), ended,
                        millis(unit.durationNanos()), millis(unit.connectionWaitNanos()), unit.statements(),
                        unit.attempt() > 0 ? ", retry " + unit.attempt() : "",
                        cause != null ? ": " + cause : thrown != null ? "; then " + thrown : "");
            }
        } catch (Throwable e) {
            LOG.warn("Recording {} failed", describe(), e);
        }
        database.extensions.unitEnded(unit);
    }

    /**
     * After a statement failed, whether PostgreSQL has aborted the transaction (a {@code COMMIT} would
     * be a silent rollback), asked with one probe: null when the unit can still commit, as it can
     * once the work rolled back to a savepoint, and on databases that keep a transaction going.
     */
    private RollbackOnlyException abortedByAFailedStatement() {
        try {
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                return null;
            }
            try (Statement probe = connection.createStatement()) {
                probe.execute("select 1");
            }
            return null;
        } catch (SQLException e) {
            return new RollbackOnlyException(boundary.subject() + " on database '" + database.name()
                    + "' returned normally on " + Threads.describe(owner) + ", but it was rolled back: a statement"
                    + " failed in the unit and the database aborted the whole transaction (" + e.getMessage() + ")."
                    + " Let the statement's exception propagate, or run the statement in a NESTED boundary so that"
                    + " its failure rolls back to a savepoint and the unit goes on.", e);
        }
    }

    private UnitOfWorkException poisonedConnection() {
        return new UnitOfWorkException(describeAtStart() + " was rolled back: an Error (such as a stack overflow)"
                + " struck inside a call to the driver, which leaves its connection in an unknown state. The"
                + " connection is evicted from the pool without a commit. Let such an Error propagate, or give the"
                + " thread a deeper stack.");
    }

    /**
     * Asks the database what became of a commit whose connection was lost; never throws.
     *
     * @return the outcome it learnt, or {@link Outcome#UNKNOWN}
     */
    private Outcome resolve(CommitResolution resolution, Throwable commitFailure) {
        if (resolution.wroteNothing()) {
            // No id, so no status to ask for; yet effects that only a commit makes happen (NOTIFY) may be lost.
            return Outcome.UNKNOWN;
        }
        try {
            Outcome resolved = resolution.resolve(database, database.connections.resolvePatienceMillis());
            if (resolved == Outcome.COMMITTED) {
                LOG.info("{} lost its connection during the commit; the database confirms that {} committed",
                        describeAtStart(), resolution);
            }
            return resolved;
        } catch (Throwable e) {
            commitFailure.addSuppressed(e);
            return Outcome.UNKNOWN;
        }
    }

    private static String withoutFullStop(String message) {
        return message != null && message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    private CommitFailedException commitFailed(Outcome ended, Throwable e, CommitResolution resolution,
            boolean asCause) {
        Throwable cause = asCause ? e : null;
        String said = describeAtStart() + " could not commit: " + withoutFullStop(e.getMessage());
        if (ended == Outcome.ROLLED_BACK) {
            return new CommitFailedException(said + (resolution != null && !resolution.wroteNothing()
                    ? ". The connection was lost, and the database confirms that " + resolution + " rolled back."
                    : ". The work was rolled back."), cause);
        }
        return new CommitOutcomeUnknownException(said + ". The connection was lost during the commit, so whether the"
                + " work was applied is unknown" + (resolution != null
                        ? (resolution.wroteNothing() ? " (the transaction wrote no rows, so it has no id the database"
                                + " could be asked about; what only a commit does, such as NOTIFY, may or may not have"
                                + " happened)" : " (the database could not tell what became of " + resolution + ")")
                        : "") + ": check the data before repeating it"
                + (resolution == null ? ", or set resolveUnknownCommit on the boundary (PostgreSQL)" : "") + ".", cause);
    }

    /** Rolls the connection back: {@code null} when that worked, else the failure, described. */
    private UnitOfWorkException rollBack(Connection c) {
        try {
            c.rollback();
            return null;
        } catch (Throwable e) {
            poisoned |= e instanceof Error; // the driver may have stopped halfway (S2)
            return new UnitOfWorkException(describeAtStart() + " could not roll back: " + e.getMessage()
                    + ". The connection is evicted from the pool, which discards the work.", e);
        }
    }

    /** Gives the connection back, or evicts it, and restores the thread's registry; never throws. */
    private Throwable release(Connection c, boolean evict, Throwable primary) {
        try {
            if (c != null) {
                guarded.invalidate();
                if (rare != null && rare.legacyGuarded != null) {
                    rare.legacyGuarded.invalidate();
                }
                if (poisoned) {
                    database.connections.evictStruck(c, driverConnection, fromReplica);
                } else if (evict) {
                    database.connections.evict(c, fromReplica, changedState());
                } else {
                    if (changedState() != null) {
                        changedState().restore(c);
                    }
                    c.close();
                }
            }
        } catch (Throwable e) {
            if (e instanceof Error) {
                database.connections.evictStruck(c, driverConnection, fromReplica);
            } else {
                database.connections.evict(c, fromReplica, changedState());
            }
            primary = cleanupFailed(primary, e, outcome, "giving its connection back (it was evicted instead)");
        } finally {
            released = true;
            database.units.restore(suspended);
        }
        return primary;
    }

    /**
     * Joins a failure of the unit's cleanup to what the boundary throws. Without anything else to
     * throw, an {@code Error} is thrown itself, never turned into a log line; an exception is logged,
     * as the outcome stands.
     */
    private Throwable cleanupFailed(Throwable primary, Throwable e, Outcome ended, String what) {
        if (primary != null) {
            suppress(primary, e);
            return primary;
        }
        if (!(e instanceof Exception)) {
            e.addSuppressed(new UnitOfWorkException(describeAtStart() + " ended (" + ended + "; that stands), but "
                    + what + " failed with this error."));
            return e;
        }
        LOG.warn("{} ended ({}), but {} failed; the outcome stands", describeAtStart(), ended, what, e);
        return null;
    }

    private Throwable runHooks(Outcome ended, Throwable primary) {
        ArrayList<Hook> hooks = rare == null ? null : rare.hooks;
        if (hooks == null) {
            return primary;
        }
        HookFailedException hookFailure = null;
        Throwable hookError = null; // an Error is thrown as it is, never turned into an exception (S1)
        for (int i = 0; i < hooks.size(); i++) {
            Hook hook = hooks.get(i);
            try {
                hook.runOn(ended);
            } catch (Throwable e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                    continue;
                }
                boolean error = !(e instanceof Exception);
                HookFailedException said = new HookFailedException(describeAtStart() + (ended == Outcome.COMMITTED
                        ? " committed; its work stands. Then its " : ended == Outcome.ROLLED_BACK
                        ? " rolled back as requested. Then its " : " ended with an unknown outcome. Then its ")
                        + hook.kind + " hook #" + (i + 1) + " failed: " + e
                        + ". The other hooks still ran; repair or repeat what the failed hook was to do.", error ? null : e);
                if (error && hookError == null) {
                    hookError = e;
                    e.addSuppressed(said);
                } else if (hookFailure == null && hookError == null) {
                    hookFailure = said;
                } else {
                    (hookError != null ? hookError : hookFailure).addSuppressed(error ? e : said);
                }
            }
        }
        if (primary != null) {
            return primary;
        }
        if (hookError != null && hookFailure != null) {
            hookError.addSuppressed(hookFailure);
        }
        return hookError != null ? hookError : hookFailure;
    }

    private static Throwable chain(Throwable primary, Throwable secondary) {
        if (primary == null) {
            return secondary;
        }
        suppress(primary, secondary);
        return primary;
    }

    /** Adds {@code secondary} to {@code primary}, unless it is the same exception (a resource may re-throw it). */
    static void suppress(Throwable primary, Throwable secondary) {
        if (secondary != primary) {
            primary.addSuppressed(secondary);
        }
    }

    private static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08");
    }

    // ---- joining and nesting

    void checkJoinable(Boundary inner) {
        if (hosts()) {
            return; // a host stands for whatever unit the code under test would run in (see HostUnit)
        }
        if (boundary.readOnly() && !inner.readOnly()) {
            throw new PropagationException(inner.subject() + " asks for a read-write unit but would join "
                    + describe() + ", which is read-only: make " + boundary.name() + " read-write, or "
                    + inner.givePropagation("REQUIRES_NEW") + ".");
        }
        if (inner.isolation() != Isolation.DEFAULT && inner.isolation() != boundary.isolation()) {
            throw new PropagationException(inner.subject() + " asks for isolation " + inner.isolation()
                    + " but would join " + describe() + ", which runs with isolation " + boundary.isolation()
                    + ": open the unit with isolation " + inner.isolation() + ", or "
                    + inner.givePropagation("REQUIRES_NEW") + ".");
        }
    }

    NestedScope nest(Boundary inner) {
        Rare r = rare();
        if (r.resources != null) {
            flushBeforeSavepoint(inner);
        }
        NestedScope nested = new NestedScope(this, inner, r.innermostNested);
        if (connection != null) {
            try {
                boundNetwork();
                nested.setSavepoint(connection);
            } catch (SQLException e) {
                throw savepointFailed(inner, e);
            }
        }
        r.innermostNested = nested;
        return nested;
    }

    void endNested(NestedScope nested) {
        Rare r = rare;
        r.innermostNested = nested.outer;
        if (r.legacySavepoint != null && r.legacyLevel == nested) {
            // the scope's savepoint, released or rolled back to, takes the legacy one set after it along
            r.legacySavepoint = null;
            r.legacyLevel = null;
            r.legacyUnbounded = true;
            legacyDue(r);
        }
    }

    /**
     * Dooms the innermost transactional scope: the unit, or the innermost nested scope.
     *
     * @param inner the joined boundary that failed, or null when code using the connection rolled back
     * @param cause what made it fail
     */
    void markRollbackOnly(Boundary inner, Throwable cause) {
        Rare r = rare();
        if (r.innermostNested != null) {
            r.innermostNested.markRollbackOnly(inner, cause);
        } else if (r.failedInnerCause == null) {
            r.failedInner = inner;
            r.failedInnerCause = cause;
        }
    }

    RollbackOnlyException rollbackOnly(Boundary outer, Boundary inner, Throwable cause) {
        String why = inner != null
                ? "the inner " + inner.opener() + ", which joined it, failed with " + cause
                + ". Let that exception propagate, or " + inner.givePropagation("NESTED or REQUIRES_NEW")
                + " so that its failure stays its own."
                : cause.getMessage() + ". Let the failure that made that code roll back propagate out of the boundary.";
        return new RollbackOnlyException(outer.subject() + " on database '" + database.name()
                + "' returned normally on " + Threads.describe(owner) + ", but it was rolled back: " + why, cause);
    }

    /** Code that manages its own transactions rolled back on the unit's connection: the unit must not commit. */
    void legacyRollback() {
        markRollbackOnly(null, new GuardedConnectionException("code that manages its own transactions called"
                + " rollback() on the connection of " + describe()));
    }

    // ---- connection

    private GuardedConnection borrow() {
        boolean replica = database.connections.routesToReplica(this);
        Rare observed = rare != null && rare.observed ? rare : null;
        long asked = observed != null ? System.nanoTime() : 0L;
        Connection c = database.connections.borrow(this, replica);
        if (observed != null) {
            observed.connectionWait = System.nanoTime() - asked;
        }
        long budget = holdBudgetNanos();
        if (budget > 0) {
            Rare r = rare();
            r.holdBudget = budget;
            r.borrowedAt = new HeldTooLong.Borrowed();
            r.heldSince = System.nanoTime();
        }
        try {
            // A pool of our own hands out connections without auto-commit; an adopted one may not.
            boolean autoCommitWrong = database.connections.isAdopted() ? adoptedAutoCommitWrong(c) : !transactional;
            boolean readOnlyWrong = boundary.readOnly();
            boolean isolationWrong = boundary.isolation() != Isolation.DEFAULT;
            if (!database.connections.resetsConnections()) {
                boolean hasDeadline = rare != null && rare.deadline != 0L;
                rare().changedState = new ConnectionState(c, isolationWrong, hasDeadline);
            }
            if (autoCommitWrong) {
                c.setAutoCommit(!transactional);
            }
            if (readOnlyWrong) {
                c.setReadOnly(true);
            }
            if (isolationWrong) {
                c.setTransactionIsolation(boundary.isolation().jdbcLevel());
            }
            if (rare != null) {
                setSavepoints(rare.innermostNested, c);
            }
            driverConnection = database.connections.resetsConnections() ? c.unwrap(Connection.class) : c;
        } catch (Throwable e) {
            if (e instanceof Error) {
                database.connections.evictStruck(c, c, replica);
                throw (Error) e; // S1: an Error reaches the caller as it is
            }
            database.connections.evict(c, replica, changedState());
            throw new ConnectionUnavailableException(describeAtStart() + " could not prepare its connection: " + e
                    + ". The connection was evicted from the pool.", e);
        }
        connection = c;
        fromReplica = replica;
        guarded = new GuardedConnection(this, c, GuardedConnection.Mode.STRICT);
        try {
            boundNetwork();
        } catch (SQLException e) {
            throw new ConnectionUnavailableException(describeAtStart() + " could not bound its connection by its"
                    + " deadline: " + e, e);
        }
        return guarded;
    }

    /**
     * Whether an adopted pool lent {@code c} with the wrong auto-commit for this unit; remembers what
     * it lent, which legacy code sees again after its {@code close()}. Out of {@link #borrow()}, whose
     * frame every unit's first borrow pays for, near the end of the stack too.
     */
    private boolean adoptedAutoCommitWrong(Connection c) throws SQLException {
        boolean lent = c.getAutoCommit();
        rare().legacyLentAutoCommit = lent;
        return lent == transactional;
    }

    /**
     * The unit's connection as legacy code gets it from an adopted data source: inside a transaction
     * its own transaction calls are absorbed; without one they work as on the application's own
     * connection.
     */
    Connection legacyConnection() {
        connection();
        Rare r = rare();
        if (r.legacyGuarded == null) {
            GuardedConnection.Mode mode = !transactional ? GuardedConnection.Mode.PASS_THROUGH
                    : database.connections.joinMode() == JoinMode.SAVEPOINT ? GuardedConnection.Mode.SAVEPOINT
                    : GuardedConnection.Mode.ABSORB;
            if (mode == GuardedConnection.Mode.SAVEPOINT) {
                r.legacyManual = !r.legacyLentAutoCommit;
                legacyDue(r);
            }
            r.legacyGuarded = new GuardedConnection(this, connection, mode);
        }
        return r.legacyGuarded;
    }

    // ---- legacy transactions on a savepoint each (JoinMode.SAVEPOINT)

    /** Legacy code switched auto-commit, as it sees its connection: on commits its transaction, as JDBC says. */
    void legacyAutoCommit(boolean autoCommit) throws SQLException {
        Rare r = rare();
        if (autoCommit && r.legacyManual) {
            legacyCommit();
        }
        r.legacyManual = !autoCommit;
        legacyDue(r);
    }

    /** Legacy code committed: its savepoint is released; the unit commits the work when it ends. */
    void legacyCommit() throws SQLException {
        Rare r = rare();
        Savepoint savepoint = r.legacySavepoint;
        // a savepoint set outside the running NESTED scope stays: releasing it would release the scope's too
        boolean release = savepoint != null && r.legacyLevel == r.innermostNested && !poisoned;
        endLegacy(r);
        if (release) {
            boundNetwork();
            releaseLegacy(savepoint);
        }
    }

    /**
     * Legacy code rolled back: back to its transaction's savepoint, and the unit goes on. Where that
     * cannot be done precisely, because the transaction began before the running NESTED scope or in
     * one that has ended since, the innermost transactional scope is doomed instead.
     */
    void legacyRollbackToSavepoint() throws SQLException {
        Rare r = rare();
        Savepoint savepoint = r.legacySavepoint;
        boolean began = savepoint != null ? r.legacyLevel != r.innermostNested : r.legacyUnbounded;
        endLegacy(r);
        if (began) {
            markRollbackOnly(null, new GuardedConnectionException("code that manages its own transactions called"
                    + " rollback() on the connection of " + describe() + ", and its transaction began "
                    + (savepoint != null ? "before the NESTED boundary that runs now" : "in a NESTED boundary that has"
                    + " ended since") + ", so it could not be rolled back on its own"));
        } else if (savepoint != null && !poisoned) {
            try {
                boundNetwork();
                connection.rollback(savepoint);
            } catch (SQLException e) {
                // the legacy transaction's work may still be there: the unit must not commit it
                markRollbackOnly(null, new GuardedConnectionException("code that manages its own transactions called"
                        + " rollback() on the connection of " + describe() + ", and rolling back to its savepoint"
                        + " failed: " + e.getMessage()));
                throw e;
            } catch (Error e) {
                poisoned = true;
                throw e;
            }
            releaseLegacy(savepoint);
        }
    }

    /** The auto-commit mode legacy code set, or the pool lent the connection with. */
    boolean legacySeesAutoCommit() {
        return !rare().legacyManual;
    }

    /** Legacy code closed its connection: with no transaction of its own open, it sees the pool's auto-commit again. */
    void legacyClose() {
        Rare r = rare();
        if (r.legacySavepoint == null && !r.legacyUnbounded) {
            r.legacyManual = !r.legacyLentAutoCommit;
            legacyDue(r);
        }
    }

    /** Before a statement of the unit runs while legacy code has auto-commit off and no transaction open. */
    private void beginLegacyTransaction(Rare r) throws SQLException {
        try {
            boundNetwork();
            r.legacySavepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw new SQLException("The connection of " + describe() + " could not set the savepoint that the"
                    + " transaction of the legacy code using it runs on (database '" + database.name() + "' joins"
                    + " legacy transactions with JoinMode.SAVEPOINT): " + e.getMessage() + ". Adopt the data source"
                    + " with JoinMode.ROLLBACK_ONLY if its driver has no savepoints.", e.getSQLState(), e);
        } catch (Error e) {
            poisoned = true;
            throw e;
        }
        r.legacyLevel = r.innermostNested;
        r.legacySavepointDue = false;
    }

    private void releaseLegacy(Savepoint savepoint) {
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            // Some drivers cannot release savepoints; the savepoint then simply lives until the unit ends.
            LOG.debug("Savepoint of a legacy transaction in {} not released: {}", this, e.toString());
        } catch (Error e) {
            poisoned = true;
            throw e;
        }
    }

    private static void endLegacy(Rare r) {
        r.legacySavepoint = null;
        r.legacyLevel = null;
        r.legacyUnbounded = false;
        legacyDue(r);
    }

    private static void legacyDue(Rare r) {
        r.legacySavepointDue = r.legacyManual && r.legacySavepoint == null && !r.legacyUnbounded;
    }

    private static void setSavepoints(NestedScope nested, Connection c) throws SQLException {
        if (nested != null) {
            setSavepoints(nested.outer, c);
            nested.setSavepoint(c);
        }
    }

    private UnitOfWorkException savepointFailed(Boundary inner, SQLException e) {
        return new UnitOfWorkException("Nested boundary " + inner.name() + " could not set a savepoint in "
                + describe() + ": " + e.getMessage() + ". Use propagation REQUIRES_NEW where the driver has no"
                + " savepoints.", e);
    }

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
        Rare r = rare;
        if (r != null) {
            r.statements++;
            if (r.deadline != 0L) {
                bound(statement, ownTimeoutSeconds);
            }
            if (r.legacySavepointDue) {
                beginLegacyTransaction(r);
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

    /** The budget for holding the connection: the boundary's, else the database's; 0 for none. */
    private long holdBudgetNanos() {
        long boundaryMillis = boundary.connectionHoldBudgetMillis();
        return boundaryMillis >= 0 ? TimeUnit.MILLISECONDS.toNanos(boundaryMillis) : database.connections.connectionHoldBudgetNanos();
    }

    /** Reports the unit when it held its connection longer than its budget. */
    private void checkHold() {
        Rare r = rare;
        long held = System.nanoTime() - r.heldSince;
        if (held > r.holdBudget) {
            HeldTooLong.report(this, held, r.holdBudget, r.inStatements, r.statements, r.borrowedAt);
        }
    }

    /**
     * The query timeout a statement runs with: the smaller of its own and the unit's remaining time,
     * rounded up to whole seconds; its own without a deadline.
     */
    int queryTimeout(int ownTimeoutSeconds) {
        long deadline = rare == null ? 0L : rare.deadline;
        if (deadline == 0L) {
            return ownTimeoutSeconds;
        }
        int seconds = (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime() + 999_999_999L));
        return ownTimeoutSeconds > 0 ? Math.min(ownTimeoutSeconds, seconds) : seconds;
    }

    private void bound(Statement statement, int ownTimeoutSeconds) throws SQLException {
        int seconds = remainingSeconds();
        statement.setQueryTimeout(ownTimeoutSeconds > 0 ? Math.min(ownTimeoutSeconds, seconds) : seconds);
        // The query timeout cancels the statement and keeps the connection; the network timeout, half a
        // second later, ends a wait on a server that no longer answers at all, cancels included.
        setNetworkTimeout(connection, seconds * 1000L + NETWORK_GRACE_MILLIS);
    }

    /**
     * Bounds the connection's waits on the server by the unit's deadline, for calls that are not a
     * statement's execution: the first ones after borrowing, a savepoint, metadata queries (S16).
     */
    void boundNetwork() throws SQLException {
        if (rare != null && rare.deadline != 0L && connection != null) {
            setNetworkTimeout(connection, remainingSeconds() * 1000L + NETWORK_GRACE_MILLIS);
        }
    }

    /** The unit's remaining time in whole seconds, rounded up, as JDBC counts query timeouts. */
    private int remainingSeconds() throws UnitTimeoutException {
        long remaining = rare.deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut();
        }
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(remaining + 999_999_999L));
    }

    /** Before user code changes a setting of the connection: a pool that does not reset it gets it back as lent. */
    void beforeSettingChange() throws SQLException {
        ConnectionState lent = changedState();
        if (lent != null) {
            lent.beforeSettingChange(connection);
        }
    }

    /** Bounds the commit by the unit's deadline: a commit cut by it has an unknown outcome (S4, S16). */
    private void boundCommit(Connection c) throws SQLException {
        long deadline = rare == null ? 0L : rare.deadline;
        if (deadline != 0L) {
            setNetworkTimeout(c, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }

    private static void setNetworkTimeout(Connection c, long millis) throws SQLException {
        try {
            c.setNetworkTimeout(DIRECT, (int) Math.min(Integer.MAX_VALUE, millis));
        } catch (SQLFeatureNotSupportedException e) {
            // an embedded database has no network to wait for
        }
    }

    /** Whether a transactional unit is past its deadline; without a transaction there is nothing to undo. */
    private boolean pastDeadline() {
        long deadline = rare == null ? 0L : rare.deadline;
        return transactional && deadline != 0L && System.nanoTime() - deadline >= 0;
    }

    private static boolean carriesTimeout(Throwable failure) {
        if (failure instanceof UnitTimeoutException) {
            return true;
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            if (suppressed instanceof UnitTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private UnitTimeoutException timedOut() {
        return new UnitTimeoutException(describeAtStart() + " passed its deadline of " + boundary.timeoutSeconds()
                + " s and was rolled back: make the work faster, or raise timeoutSeconds.");
    }

    Connection rawConnection() {
        return connection;
    }

    // ---- hosting (org.unitofwork.spi.HostUnit)

    /** Makes this unit, just opened, a host: the units opened on its thread above it run on its connection. */
    void becomeHost() {
        rare().hosting = true;
    }

    boolean hosts() {
        Rare r = rare;
        return r != null && r.hosting;
    }

    /** The host this unit runs inside, or null. */
    Unit host() {
        Rare r = rare;
        return r == null ? null : r.host;
    }

    /** The host of the units opened above this one: itself when it hosts, else its own host, or null. */
    private Unit hostOf() {
        Rare r = rare;
        return r == null ? null : r.hosting ? this : r.host;
    }

    /**
     * Gives up a unit left open inside a host that is ending: nothing more is sent through what it
     * handed out, and its work goes with the host's rollback. Unlike {@link #discard()}, the
     * connection it shares with the host is left alone: no Error struck it.
     */
    void abandonInHost() {
        abandoned = true;
        released = true;
        if (guarded != null) {
            guarded.invalidate();
        }
    }

    /** The host's own connection, borrowed now if it has none yet, for a unit that runs inside it. */
    Connection hostConnection() {
        connection();
        return connection;
    }

    /**
     * Ends a host: it rolls back whatever it is asked, its deadline and the doom of a joined boundary
     * included, since a test's unit only ever rolls back.
     *
     * @return what its hooks or its cleanup threw, or null
     */
    Throwable endAsHost() {
        checkUsable(this);
        Rare r = rare();
        r.rollbackRequested = true;
        r.failedInner = null;
        r.failedInnerCause = null;
        r.deadline = 0L;
        r.innermostNested = null;
        return end(null);
    }

    boolean hasConnection() {
        return connection != null;
    }

    boolean isFromReplica() {
        return fromReplica;
    }

    Unit suspended() {
        return suspended;
    }

    Boundary boundary() {
        return boundary;
    }

    Thread owner() {
        return owner;
    }

    /**
     * Throws unless called on the owning thread while the unit is active and its connection can still
     * be talked to: every guard of what the unit hands out calls it before the driver.
     *
     * @param used what the caller uses, named by the message: an object the unit handed out
     */
    void checkUsable(Object used) {
        checkOwner(used);
        if (poisoned) {
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

    /** Throws unless {@code used} is used on the owning thread while the unit is active. */
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

    /** The connection's state as the pool lent it, for pools that do not reset it; else null. */
    private ConnectionState changedState() {
        return rare == null ? null : rare.changedState;
    }

    /**
     * The state only some units need: retries, deadlines, nesting, doom, hooks, adopted data sources,
     * resources of other session kinds, measurements.
     */
    static final class Rare {
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
        ArrayList<Hook> hooks;
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

    /** A callback registered on the session, run once the unit has ended. */
    static final class Hook {
        final String kind;
        /** The outcome the hook runs on; null: any outcome. */
        private final Outcome on;
        private final Runnable action;
        private final Consumer<Outcome> completion;

        Hook(String kind, Outcome on, Runnable action, Consumer<Outcome> completion) {
            this.kind = kind;
            this.on = on;
            this.action = action;
            this.completion = completion;
        }

        void runOn(Outcome outcome) {
            if (completion != null) {
                completion.accept(outcome);
            } else if (on == outcome) {
                action.run();
            }
        }
    }
}
