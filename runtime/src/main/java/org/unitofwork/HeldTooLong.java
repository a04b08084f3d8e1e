package org.unitofwork;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.unitofwork.spi.ConnectionHeld;

/**
 * Reports a unit that held its connection longer than its budget: a warning in the log with the stack
 * where it borrowed the connection, the JFR event {@link ConnectionHeldEvent}, and the observers' {@link
 * ConnectionHeld}. A connection held while the code waits on something else starves the pool; HikariCP's
 * leak detection reports only a connection that never comes back.
 */
final class HeldTooLong {
    /**
     * An event never committed, asked whether a recording takes the event, as {@link UnitRecording}
     * does; null without {@code jdk.jfr}, typed {@code Object} so that this class links without it.
     */
    private static final Object PROBE = ModuleLayer.boot().findModule("jdk.jfr").isPresent()
            ? new ConnectionHeldEvent() : null;

    private HeldTooLong() {
    }

    /**
     * Where a unit borrowed its connection, captured as it borrowed: the stack the warning prints. Its
     * cost, a stack walk per borrow, is why a budget is off unless set.
     */
    static final class Borrowed extends Throwable {
        private static final long serialVersionUID = 1L;

        Borrowed() {
            super("the unit's connection was borrowed here", null, false, true);
        }
    }

    /** The budget for holding the connection: the boundary's, else the database's; 0 for none. */
    static long budgetNanos(Unit unit) {
        long boundaryMillis = unit.boundary.connectionHoldBudgetMillis();
        return boundaryMillis >= 0 ? TimeUnit.MILLISECONDS.toNanos(boundaryMillis)
                : unit.database.connections.connectionHoldBudgetNanos();
    }

    /** Reports the unit, as it gives its connection back, when it held it longer than its budget. */
    static void check(Unit unit) {
        RareState r = unit.rare;
        long held = System.nanoTime() - r.heldSince;
        if (held > r.holdBudget) {
            report(unit, held, r.holdBudget, r.inStatements, r.statements, r.borrowedAt);
        }
    }

    /** Reports {@code unit}, which held its connection {@code heldNanos}, over {@code budgetNanos}; never throws. */
    private static void report(Unit unit, long heldNanos, long budgetNanos, long inStatementsNanos, int statements,
            Borrowed borrowed) {
        try {
            Unit.LOG.warn("{} held its connection for {} s, longer than its budget of {} s: {} s inside its {}"
                    + " statement(s), {} s outside them. Work between statements (a remote call, a file, a wait)"
                    + " holds the connection too: do it before or after the unit, or split the unit; if the unit needs"
                    + " that long, raise its budget (connectionHoldBudget of the database, connectionHoldBudgetMillis"
                    + " of the boundary).", unit.describeAtStart(), seconds(heldNanos), seconds(budgetNanos),
                    seconds(inStatementsNanos), statements, seconds(heldNanos - inStatementsNanos), borrowed);
            ConnectionHeld held = new ConnectionHeld(unit.boundary.name(), unit.database().name(),
                    unit.owner.getName(), heldNanos, budgetNanos, inStatementsNanos, statements,
                    List.of(borrowed.getStackTrace()));
            if (PROBE != null && ((ConnectionHeldEvent) PROBE).isEnabled()) {
                record(held);
            }
            unit.database().extensions.connectionHeldTooLong(held);
        } catch (Throwable e) {
            Unit.LOG.warn("Reporting that {} held its connection too long failed", unit.describe(), e);
        }
    }

    private static void record(ConnectionHeld held) {
        ConnectionHeldEvent event = new ConnectionHeldEvent();
        if (event.shouldCommit()) {
            event.boundary = held.boundary();
            event.database = held.database();
            event.held = held.heldNanos();
            event.budget = held.budgetNanos();
            event.inStatements = held.inStatementsNanos();
            event.statements = held.statements();
            StringBuilder frames = new StringBuilder();
            for (StackTraceElement frame : held.borrowedAt()) {
                frames.append(frame).append('\n');
            }
            event.borrowedAt = frames.toString();
            event.commit();
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }
}
