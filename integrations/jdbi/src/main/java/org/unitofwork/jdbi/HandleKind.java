package org.unitofwork.jdbi;

import java.sql.Connection;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.unitofwork.Database;
import org.unitofwork.Outcome;
import org.unitofwork.Session;
import org.unitofwork.spi.SessionKind;

/**
 * Opens each unit's {@code Handle} with the application's {@code Jdbi} and closes it when the unit ends.
 * JDBI sends every statement as it runs, so there is nothing to flush and nothing to forget after a
 * savepoint rollback.
 *
 * <p>The handle opens on a connection in a transaction (the unit's, auto-commit off), so JDBI's default
 * transaction handler takes it as being in a transaction that its connection's owner manages: it joins
 * instead of beginning.
 */
final class HandleKind implements SessionKind<Handle> {
    private final Database database;
    private final Jdbi jdbi;

    HandleKind(Database database, Jdbi jdbi) {
        this.database = database;
        this.jdbi = jdbi;
    }

    @Override
    public Class<Handle> type() {
        return Handle.class;
    }

    @Override
    public Handle open(Session session) throws SQLException {
        // The Jdbi opens its handle on the connection of the unit active on this thread: that must be
        // the asking session's, and not that of a REQUIRES_NEW unit that suspended it.
        Session active = Session.current(database.name());
        if (active != session) {
            throw new IllegalStateException("A Handle was asked of " + session + " while " + active + " is the"
                    + " active unit on this thread (a REQUIRES_NEW boundary suspended the first): ask the active"
                    + " unit's session, the one its boundary hands out.");
        }
        Handle handle = jdbi.open();
        // Inside a unit the data source hands out the unit's own connection (the very object, every time),
        // which is what a Jdbi created over it has just opened its handle on.
        Connection unitConnection;
        try {
            unitConnection = database.dataSource().getConnection();
        } catch (SQLException | RuntimeException e) {
            handle.close();
            throw e;
        }
        if (handle.getConnection() != unitConnection) {
            handle.close();
            throw new IllegalStateException("The Jdbi registered with JdbiSessions on database '" + database.name()
                    + "' opened a Handle on a connection of its own, not on the connection of " + session
                    + ": create it with Jdbi.create(database.dataSource()), so that its handles take part in units.");
        }
        // The unit ends the transaction, never the handle: closing it must not try to roll back what JDBI
        // takes for a transaction left open (after a refused begin in a unit without a transaction, say).
        handle.getConfig(Handles.class).setForceEndTransactions(false);
        return handle;
    }

    @Override
    public void close(Handle handle, Outcome outcome) {
        handle.close();
    }

    @Override
    public String toString() {
        return "JDBI Handle kind of database '" + database.name() + "'";
    }
}
