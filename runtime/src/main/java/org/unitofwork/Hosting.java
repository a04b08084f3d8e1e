package org.unitofwork;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a unit a host, for {@link org.unitofwork.spi.HostUnit}: the units opened above it on its thread
 * run on savepoints of its connection, and it rolls them all back as it ends. {@code HostUnit} reaches
 * {@link #open} and {@link #end} through a private lookup: they are the runtime's side of that SPI, not
 * API of their own.
 */
final class Hosting {
    private Hosting() {
    }

    /** Opens a host on the calling thread; see {@link org.unitofwork.spi.HostUnit#open}. */
    static Session open(Database database, String name) {
        Unit active = database.units.active();
        if (active != null) {
            throw new PropagationException("A host unit " + name + " cannot open on database '" + database.name()
                    + "' on " + Threads.describe(Thread.currentThread()) + ": " + active.describe()
                    + " is already active there, and would commit what the host runs. Open the host first, outside"
                    + " any unit.");
        }
        // a test holds its connection as long as it runs: that is no unit holding one too long
        Boundary boundary = Boundary.builder(name).database(database.name()).connectionHoldBudgetMillis(0).build();
        boundary.bindTo(database);
        Unit host = database.units.open(boundary, null, true, 0, null);
        host.rare().hosting = true; // the units opened on its thread above it run on its connection
        return host;
    }

    /**
     * Ends a host: the units still open above it are abandoned, and it rolls back everything that ran
     * inside it.
     *
     * @return a description of each unit that was still open above the host, empty when none was
     * @throws RuntimeException or Error: what the host's hooks or cleanup threw
     */
    static List<String> end(Session session) {
        Unit host = (Unit) session;
        host.checkUsable(host);
        if (!host.hosts()) {
            throw new IllegalArgumentException(host.describeAtStart() + " is not a host unit");
        }
        Database database = host.database();
        List<String> leaked = new ArrayList<>();
        Unit top = database.units.active();
        while (top != null && top != host) {
            leaked.add(top.describeAtStart() + ", with propagation " + top.boundary.propagation() + ", was still"
                    + " open: its boundary began and never ended. End every Scope that code begins, with complete() or"
                    + " failed().");
            Unit below = top.suspended;
            abandon(top);
            top = below;
        }
        if (top == null) {
            throw new IllegalStateException(host.describeAtStart() + " is no longer registered on its thread");
        }
        database.units.restore(host);
        Throwable failure = endAsHost(host);
        if (failure != null) {
            throw Scope.rethrow(failure);
        }
        return leaked;
    }

    /**
     * Gives up a unit left open inside a host that is ending: nothing more is sent through what it
     * handed out, and its work goes with the host's rollback. Unlike {@link UnitCompletion#discard}, the
     * connection it shares with the host is left alone: no Error struck it.
     */
    private static void abandon(Unit unit) {
        unit.abandoned = true;
        unit.released = true;
        if (unit.guarded != null) {
            unit.guarded.invalidate();
        }
    }

    /**
     * Ends a host: it rolls back whatever it is asked, its deadline and the doom of a joined boundary
     * included, since a test's unit only ever rolls back.
     *
     * @return what its hooks or its cleanup threw, or null
     */
    private static Throwable endAsHost(Unit host) {
        host.checkUsable(host);
        RareState r = host.rare();
        r.rollbackRequested = true;
        r.failedInner = null;
        r.failedInnerCause = null;
        r.deadline = 0L;
        r.innermostNested = null;
        return UnitCompletion.end(host, null);
    }

    /** The host's own connection, borrowed now if it has none yet, for a unit that runs inside it. */
    static Connection connectionOf(Unit host) {
        host.connection();
        return host.connection;
    }
}
