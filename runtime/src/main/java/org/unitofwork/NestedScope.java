package org.unitofwork;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * The scope of a {@link Propagation#NESTED} boundary inside an active unit: a savepoint that a
 * failure rolls back to, leaving the outer unit usable. The savepoint is set when the unit's
 * connection is borrowed, so a nested scope of a unit that has not touched the database yet costs
 * nothing. Hooks registered inside the scope are discarded with its work when it rolls back. The
 * unit's resources of other session kinds are flushed before the scope ends, so that their pending
 * work fails, or stays, with the scope.
 */
final class NestedScope extends Scope {
    private final Unit unit;
    private final Boundary boundary;
    final NestedScope outer;
    /** How many hooks the unit had when the scope began: those registered after belong to the scope. */
    private final int firstHook;
    private Savepoint savepoint;
    /** The joined boundary that failed inside this scope, or null when code on the connection rolled back. */
    private Boundary failedInner;
    /** What doomed the scope; null while it can still keep its work. */
    private Throwable failedInnerCause;
    private boolean ended;

    NestedScope(Unit unit, Boundary boundary, NestedScope outer) {
        this.unit = unit;
        this.boundary = boundary;
        this.outer = outer;
        this.firstHook = Hooks.count(unit);
    }

    /** Begins a nested scope in {@code unit}, on a savepoint set now, or as soon as the unit borrows. */
    static NestedScope begin(Unit unit, Boundary inner) {
        RareState r = unit.rare();
        if (r.resources != null) {
            SessionResources.flushBeforeSavepoint(unit, inner);
        }
        NestedScope nested = new NestedScope(unit, inner, r.innermostNested);
        if (unit.connection != null) {
            try {
                Deadline.boundNetwork(unit);
                nested.setSavepoint(unit.connection);
            } catch (SQLException e) {
                throw new UnitOfWorkException("Nested boundary " + inner.name() + " could not set a savepoint in "
                        + unit.describe() + ": " + e.getMessage() + ". Use propagation REQUIRES_NEW where the driver"
                        + " has no savepoints.", e);
            }
        }
        r.innermostNested = nested;
        return nested;
    }

    /** Makes the scope around this one the innermost again, as this one ends. */
    private void leave() {
        RareState r = unit.rare;
        r.innermostNested = outer;
        if (r.legacySavepoint != null && r.legacyLevel == this) {
            // the scope's savepoint, released or rolled back to, takes the legacy one set after it along
            r.legacySavepoint = null;
            r.legacyLevel = null;
            r.legacyUnbounded = true;
            LegacyTransactions.due(r);
        }
    }

    void setSavepoint(Connection connection) throws SQLException {
        try {
            savepoint = connection.setSavepoint();
        } catch (Error e) {
            unit.poisoned = true; // the driver call stopped midway: its connection's state is unknown (S4)
            throw e;
        }
    }

    void markRollbackOnly(Boundary inner, Throwable cause) {
        if (failedInnerCause == null) {
            failedInner = inner;
            failedInnerCause = cause;
        }
    }

    boolean isRollbackOnly() {
        return failedInnerCause != null;
    }

    @Override
    public Session session() {
        return unit;
    }

    @Override
    public void complete() {
        try {
            end();
        } catch (Error struck) {
            // the savepoint may be neither released nor rolled back to: the unit must not commit what it holds
            unit.poisoned = true;
            throw struck;
        }
    }

    private void end() {
        // The scope's pending work is written while it can still fail on its own, as JDBC work would have.
        Throwable flushFailed = failedInnerCause == null ? SessionResources.flushForNested(unit) : null;
        ended = true;
        leave();
        if (flushFailed != null) {
            rollbackToSavepoint(flushFailed);
            throw rethrow(flushFailed);
        }
        if (failedInnerCause != null) { // S6: doomed by a boundary that joined it: back to the savepoint, loudly
            RollbackOnlyException rollbackOnly = unit.rollbackOnly(boundary, failedInner, failedInnerCause);
            rollbackToSavepoint(rollbackOnly);
            throw rollbackOnly;
        }
        releaseSavepoint();
    }

    @Override
    public Scope failed(Throwable failure) {
        try {
            return endAfter(failure);
        } catch (Throwable thrown) {
            if (thrown != failure) {
                unit.poisoned = true; // an Error cut the rollback to the savepoint short (S2)
            }
            throw thrown;
        }
    }

    private Scope endAfter(Throwable failure) {
        if (!ended) { // else complete() has rolled back already and threw `failure` itself
            ended = true;
            leave();
            Throwable flushFailed = failedInnerCause != null || boundary.rollsBackOn(failure) ? null
                    : SessionResources.flushForNested(unit);
            if (flushFailed != null) {
                UnitCompletion.suppress(failure, flushFailed);
            }
            // S8: a failure rolls back to the savepoint only, and the outer unit goes on (S10: unless noRollbackFor)
            if (flushFailed != null || failedInnerCause != null || boundary.rollsBackOn(failure)) {
                rollbackToSavepoint(failure);
            } else {
                releaseSavepoint();
            }
        }
        throw rethrow(failure);
    }

    private void rollbackToSavepoint(Throwable primary) {
        Hooks.discardFrom(unit, firstHook);
        // On a connection an Error struck in the driver, nothing more is sent: the unit rolls back whole
        if (savepoint != null && !unit.poisoned) {
            try {
                unit.connection.rollback(savepoint);
            } catch (SQLException | Error e) {
                // The work under the savepoint may still be there: the whole unit must not commit it.
                if (e instanceof Error) {
                    unit.poisoned = true;
                }
                primary.addSuppressed(e);
                unit.markRollbackOnly(boundary, primary);
            }
        }
        if (unit.rare != null && unit.rare.observed) {
            unit.database.extensions.rolledBackToSavepoint(boundary, primary);
        }
        SessionResources.rolledBackToSavepoint(unit, boundary, primary);
    }

    private void releaseSavepoint() {
        if (savepoint == null || unit.poisoned) {
            return;
        }
        try {
            unit.connection.releaseSavepoint(savepoint);
        } catch (Error e) {
            unit.poisoned = true;
            throw e;
        } catch (SQLException e) {
            // Some drivers cannot release savepoints; the savepoint then simply lives until the unit ends.
            Unit.LOG.debug("Savepoint of nested boundary {} not released: {}", boundary.name(), e.toString());
        }
    }
}
