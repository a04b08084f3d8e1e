package org.unitofwork;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The JFR event of one unit of work, spanning from the unit's start until it has ended (connection
 * back in the pool, hooks run). Enabled by default, so any recording takes it, for example one started
 * with {@code -XX:StartFlightRecording}. Only {@link UnitRecording} touches this class, so that a
 * runtime image without the {@code jdk.jfr} module never loads it.
 */
@Name("org.unitofwork.Unit")
@Label("Unit of Work")
@Category("Unit of Work")
@Description("A unit of work: boundary, database, outcome, time waiting for a connection, statements")
@StackTrace(false)
final class UnitEvent extends Event {
    @Label("Boundary")
    String boundary;

    @Label("Database")
    String database;

    @Label("Outcome")
    String outcome;

    @Label("Rollback Cause")
    @Description("Class of the exception that made the unit roll back; empty when it committed or was asked to roll back")
    String rollbackCause;

    @Label("Connection Wait")
    @Timespan(Timespan.NANOSECONDS)
    long connectionWait;

    @Label("Statements")
    int statements;

    @Label("Attempt")
    @Description("0 for the first run of the boundary, n for its n-th retry")
    int attempt;
}
