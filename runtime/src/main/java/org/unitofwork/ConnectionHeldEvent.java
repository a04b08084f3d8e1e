package org.unitofwork;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The JFR event of a unit that held its connection longer than its budget, committed on the unit's
 * thread once the connection is back. Enabled by default. Only {@link HeldTooLong} touches this class,
 * so that a runtime image without the {@code jdk.jfr} module never loads it.
 */
@Name("org.unitofwork.ConnectionHeld")
@Label("Connection Held Too Long")
@Category("Unit of Work")
@Description("A unit of work held its connection longer than its budget")
@StackTrace(false)
final class ConnectionHeldEvent extends Event {
    @Label("Boundary")
    String boundary;

    @Label("Database")
    String database;

    @Label("Held")
    @Timespan(Timespan.NANOSECONDS)
    long held;

    @Label("Budget")
    @Timespan(Timespan.NANOSECONDS)
    long budget;

    @Label("In Statements")
    @Description("How much of the time held the unit's statements ran")
    @Timespan(Timespan.NANOSECONDS)
    long inStatements;

    @Label("Statements")
    int statements;

    @Label("Borrowed At")
    @Description("The stack where the unit borrowed its connection, innermost frame first")
    String borrowedAt;
}
