package org.unitofwork.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.TracerProvider;
import java.util.Objects;
import org.unitofwork.Database;

/**
 * OpenTelemetry spans of the units of work of one {@link Database}: one span per unit a boundary opens,
 * named after the boundary (such as {@code AccountService.open(Session,String)}), a child of the context
 * current where the unit starts, of kind {@code INTERNAL}. The span is current on the unit's thread while
 * the unit runs, so that what other instrumentation traces inside it — the JDBC statements the
 * OpenTelemetry Java agent traces, an HTTP call — nests under it. Boundaries that join the unit are part
 * of its span; a unit a boundary suspends the outer one for ({@code REQUIRES_NEW}) gets a span of its
 * own, a child of the outer unit's.
 *
 * <p>Attributes, following OpenTelemetry's semantic conventions where they name the thing:
 * <ul>
 * <li>{@code db.system.name} ({@code postgresql}, {@code mariadb}, {@code mysql}, {@code h2database},
 *     else {@code other_sql}) and {@code db.namespace} (the database's name on its server), read from
 *     the pool's JDBC URL;</li>
 * <li>{@code unitofwork.boundary}, {@code unitofwork.database} (the name the database is registered
 *     under), {@code unitofwork.propagation}, {@code unitofwork.read_only}, {@code unitofwork.isolation};</li>
 * <li>{@code unitofwork.outcome} ({@code COMMITTED}, {@code ROLLED_BACK}, {@code UNKNOWN}),
 *     {@code unitofwork.attempts}, {@code unitofwork.connection.wait} (seconds, all attempts together)
 *     and {@code unitofwork.statements} (all attempts together);</li>
 * <li>{@code error.type}: the fully qualified class of what made the unit roll back, or of the failed
 *     commit; the span's status is then {@code ERROR}. A unit that rolled back because its session asked
 *     to ({@code setRollbackOnly}) has no {@code error.type}. Exception messages are never recorded.</li>
 * </ul>
 * A retried unit has one span from its first attempt to its last, with an event {@code unitofwork.retry}
 * per retry ({@code unitofwork.attempt}, {@code error.type} of the transient failure); a {@code NESTED}
 * boundary that rolls back to its savepoint adds an event {@code unitofwork.savepoint.rollback}
 * ({@code unitofwork.boundary}, {@code error.type}); a unit that held its connection longer than its
 * budget ({@code connectionHoldBudget}) adds an event {@code unitofwork.connection.held_too_long}
 * ({@code unitofwork.connection.held}, {@code unitofwork.connection.in_statements} and {@code
 * unitofwork.connection.budget}, in seconds).
 *
 * <pre>{@code
 * UnitOfWorkTracing tracing = UnitOfWorkTracing.register(db, openTelemetry);
 * ...
 * tracing.close();            // at shutdown: units that start from now on are not traced
 * }</pre>
 *
 * <p>With the no-op {@link OpenTelemetry} (no SDK, or {@code OpenTelemetry.noop()}) nothing is
 * registered, and units cost nothing more than without tracing.
 */
public final class UnitOfWorkTracing implements AutoCloseable {
    /** The instrumentation scope of the spans. */
    public static final String INSTRUMENTATION_NAME = "org.unitofwork.opentelemetry";

    private final Database database;
    /** Null with the no-op OpenTelemetry, and once closed. */
    private volatile SpanObserver observer;

    private UnitOfWorkTracing(Database database, SpanObserver observer) {
        this.database = database;
        this.observer = observer;
    }

    /**
     * Traces the units of {@code database} from the next unit on.
     *
     * @param database the database whose units to trace
     * @param openTelemetry where the spans go: the application's SDK, or {@code GlobalOpenTelemetry.get()}
     * @return the registration, to {@link #close()}
     */
    public static UnitOfWorkTracing register(Database database, OpenTelemetry openTelemetry) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        if (openTelemetry.getTracerProvider() == TracerProvider.noop()) {
            return new UnitOfWorkTracing(database, null);
        }
        SpanObserver observer = new SpanObserver(openTelemetry.getTracer(INSTRUMENTATION_NAME), database.name(),
                DatabaseIdentity.of(database));
        database.addObserver(observer);
        return new UnitOfWorkTracing(database, observer);
    }

    /** {@return whether units are traced: false with the no-op OpenTelemetry, and once closed} */
    public boolean isTracing() {
        return observer != null;
    }

    /**
     * Stops tracing: units that start from now on get no span. Close it once the units running on
     * other threads have ended, at shutdown: a unit still running on another thread then keeps its
     * span current on that thread.
     */
    @Override
    public void close() {
        SpanObserver registered = observer;
        observer = null;
        if (registered != null) {
            database.removeObserver(registered);
        }
    }

    @Override
    public String toString() {
        return "UnitOfWorkTracing[" + database.name() + (observer == null ? ", not tracing" : "") + "]";
    }
}
