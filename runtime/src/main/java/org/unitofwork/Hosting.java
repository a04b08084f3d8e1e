package org.unitofwork;

import java.util.ArrayList;
import java.util.List;

/**
 * Opens and ends hosts, for {@link org.unitofwork.spi.HostUnit}, which reaches these two methods
 * through a private lookup: they are the runtime's side of that SPI, not API of their own.
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
        host.becomeHost();
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
            leaked.add(top.describeAtStart() + ", with propagation " + top.boundary().propagation() + ", was still"
                    + " open: its boundary began and never ended. End every Scope that code begins, with complete() or"
                    + " failed().");
            Unit below = top.suspended();
            top.abandonInHost();
            top = below;
        }
        if (top == null) {
            throw new IllegalStateException(host.describeAtStart() + " is no longer registered on its thread");
        }
        database.units.restore(host);
        Throwable failure = host.endAsHost();
        if (failure != null) {
            throw Scope.rethrow(failure);
        }
        return leaked;
    }
}
