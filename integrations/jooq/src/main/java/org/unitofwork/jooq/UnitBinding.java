package org.unitofwork.jooq;

import java.sql.Connection;
import org.jooq.ConnectionProvider;
import org.jooq.Transaction;
import org.jooq.TransactionContext;
import org.jooq.TransactionProvider;
import org.jooq.exception.DataAccessException;
import org.unitofwork.Boundary;
import org.unitofwork.Scope;
import org.unitofwork.Session;

/**
 * Binds one unit's {@code DSLContext} to the unit: its statements run on the unit's connection, and
 * its {@code transaction(…)} blocks run as {@code NESTED} boundaries of the unit.
 *
 * <p>jOOQ's own transaction provider would commit the unit's connection at the end of the block, which
 * the connection refuses: the unit's boundary decides how the unit ends. A savepoint is what jOOQ
 * itself uses for a transaction inside another one, and what the block's caller can rely on: its work
 * is undone when it throws, kept when it returns. Running it as a {@code NESTED} boundary rather than
 * on a savepoint of its own keeps the unit's other session kinds and its hooks in step with it.
 */
final class UnitBinding implements ConnectionProvider, TransactionProvider {
    private final Session session;
    private final Boundary transactionBoundary;

    UnitBinding(Session session, Boundary transactionBoundary) {
        this.session = session;
        this.transactionBoundary = transactionBoundary;
    }

    // ---- ConnectionProvider: asked before each statement, so a unit borrows nothing until one runs

    @Override
    public Connection acquire() {
        return session.connection();
    }

    @Override
    public void release(Connection connection) {
        // The unit releases its connection when its boundary ends.
    }

    // ---- TransactionProvider

    @Override
    public void begin(TransactionContext context) {
        if (!session.isTransactional()) {
            throw new DataAccessException("DSLContext.transaction(…) was called in " + session + ", which runs without"
                    + " a transaction (its propagation says so), so there is nothing to roll back to: give the boundary"
                    + " propagation REQUIRED.");
        }
        Session active = Session.current(session.database().name());
        if (active != session) {
            throw new DataAccessException("DSLContext.transaction(…) was called on the DSLContext of " + session
                    + " while " + active + " is the active unit on this thread (a REQUIRES_NEW boundary suspended"
                    + " the first): use the active unit's DSLContext, the one its boundary hands out.");
        }
        context.transaction(new NestedTransaction(transactionBoundary.begin()));
    }

    @Override
    public void commit(TransactionContext context) {
        scope(context).complete();
    }

    @Override
    public void rollback(TransactionContext context) {
        if (context.transaction() == null) {
            return; // begin(…) refused the block: nothing began, and jOOQ throws begin's exception itself
        }
        Throwable cause = context.causeThrowable();
        try {
            scope(context).failed(cause);
        } catch (RuntimeException | Error rethrown) {
            // failed() rolls back to the savepoint and re-throws the cause itself, which jOOQ throws once
            // this returns; anything else went wrong on the way.
            if (rethrown != cause) {
                throw rethrown;
            }
        } catch (Throwable checked) {
            if (checked != cause) {
                throw new DataAccessException("Rolling back DSLContext.transaction(…) in " + session + " failed", checked);
            }
        }
    }

    private static Scope scope(TransactionContext context) {
        return ((NestedTransaction) context.transaction()).scope;
    }

    /** The scope of one {@code transaction(…)} block, carried by jOOQ from begin to commit or rollback. */
    private static final class NestedTransaction implements Transaction {
        final Scope scope;

        NestedTransaction(Scope scope) {
            this.scope = scope;
        }
    }
}
