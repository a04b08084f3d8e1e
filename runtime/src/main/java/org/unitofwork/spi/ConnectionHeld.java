package org.unitofwork.spi;

import java.util.List;

/**
 * A unit that held its connection longer than its budget ({@code connectionHoldBudget} of its database,
 * or {@code connectionHoldBudgetMillis} of its boundary), as {@link UnitObserver}s hear it once the
 * connection is back in the pool. The runtime also logs it as a warning and records it as the JFR event
 * {@code org.unitofwork.ConnectionHeld}.
 *
 * @param boundary the name of the boundary that opened the unit
 * @param database the name of the unit's database
 * @param thread the name of the unit's thread
 * @param heldNanos from the borrow until the connection was back in the pool
 * @param budgetNanos the budget it went over
 * @param inStatementsNanos how much of that the unit's statements ran; the rest went on work between
 *     them (a remote call, a file, a wait), which held the connection too
 * @param statements how many statements the unit executed
 * @param borrowedAt the stack of the unit's thread where it borrowed the connection, innermost frame first
 */
public record ConnectionHeld(String boundary, String database, String thread, long heldNanos, long budgetNanos,
        long inStatementsNanos, int statements, List<StackTraceElement> borrowedAt) {
}
