package org.unitofwork.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.unitofwork.Database;
import org.unitofwork.spi.ConnectionHeld;
import org.unitofwork.spi.UnitEnded;
import org.unitofwork.spi.UnitObserver;

/**
 * Micrometer metrics of the units of work of one {@link Database}, with the tags of the runtime's
 * {@code org.unitofwork.Unit} JFR event:
 *
 * <ul>
 * <li>{@value #UNIT} (timer): each unit's duration, from its start until its connection was back in
 *     the pool;</li>
 * <li>{@value #CONNECTION_WAIT} (timer): how long each unit that borrowed a connection waited for the
 *     pool to lend it;</li>
 * <li>{@value #STATEMENTS} (distribution summary): how many statements each unit executed;</li>
 * <li>{@value #ACTIVE_CONNECTIONS} (gauge, tagged {@code database} only): the pool's connections
 *     borrowed right now;</li>
 * <li>{@value #HELD_TOO_LONG} (counter, tagged {@code boundary} and {@code database}): units that held
 *     their connection longer than their budget ({@code Database.Builder.connectionHoldBudget}, a
 *     boundary's {@code connectionHoldBudgetMillis}).</li>
 * </ul>
 *
 * <p>The first three are tagged {@code boundary} (the boundary that opened the unit, such as {@code
 * AccountService.open(Session,String)}), {@code database}, {@code outcome} ({@code COMMITTED}, {@code
 * ROLLED_BACK}, {@code UNKNOWN}) and {@code exception}: the simple class name of what made the unit roll
 * back, or {@code none}. All four are bounded by the code, never by the data: boundaries are methods,
 * exceptions are classes, and an exception's message is never a tag. Each attempt of a retried unit is
 * recorded as a unit of its own; boundaries that join a unit are part of it, not units of their own.
 *
 * <pre>{@code
 * UnitOfWorkMetrics metrics = new UnitOfWorkMetrics(db);
 * metrics.bindTo(registry);   // or let the framework bind it, as it binds any MeterBinder
 * ...
 * metrics.close();            // stops recording and removes the gauge
 * }</pre>
 */
public final class UnitOfWorkMetrics implements MeterBinder, AutoCloseable {
    /** Name of the timer of unit durations. */
    public static final String UNIT = "unitofwork.unit";
    /** Name of the timer of connection waits. */
    public static final String CONNECTION_WAIT = "unitofwork.connection.wait";
    /** Name of the distribution summary of statements per unit. */
    public static final String STATEMENTS = "unitofwork.statements";
    /** Name of the gauge of borrowed connections. */
    public static final String ACTIVE_CONNECTIONS = "unitofwork.connections.active";
    /** Name of the counter of units that held their connection longer than their budget. */
    public static final String HELD_TOO_LONG = "unitofwork.connection.held.too.long";

    private final Database database;
    private final List<Binding> bindings = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * Metrics of {@code database}'s units, recorded once bound to a registry.
     *
     * @param database the database whose units to measure
     */
    public UnitOfWorkMetrics(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Starts recording the database's units into {@code registry}, from the next unit on. Binding to
     * several registries records into each.
     *
     * @param registry the registry to record into
     * @throws IllegalStateException when these metrics have been {@linkplain #close() closed}
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (closed) {
            throw new IllegalStateException("The unit-of-work metrics of database '" + database.name()
                    + "' were closed; create a new UnitOfWorkMetrics to bind them again.");
        }
        Binding binding = new Binding(registry, database);
        bindings.add(binding);
        database.addObserver(binding);
    }

    /**
     * Stops recording: no unit that ends from now on is recorded, and the gauge is removed from every
     * registry. The timers and summaries keep what they recorded. Meters are identified by name and
     * tags, so two {@code UnitOfWorkMetrics} of one database bound to one registry share them, and
     * closing either removes the gauge: bind one per database and registry.
     */
    @Override
    public synchronized void close() {
        closed = true;
        for (Binding binding : bindings) {
            database.removeObserver(binding);
            binding.registry.remove(binding.activeConnections);
        }
        bindings.clear();
    }

    @Override
    public String toString() {
        return "UnitOfWorkMetrics[" + database.name() + "]";
    }

    /** The meters of one registry, and the observer that records into them. */
    private static final class Binding implements UnitObserver {
        final MeterRegistry registry;
        final Meter activeConnections;
        private final Meter.MeterProvider<Timer> units;
        private final Meter.MeterProvider<Timer> connectionWaits;
        private final Meter.MeterProvider<DistributionSummary> statements;
        private final Meter.MeterProvider<Counter> heldTooLong;

        Binding(MeterRegistry registry, Database database) {
            this.registry = registry;
            this.activeConnections = Gauge.builder(ACTIVE_CONNECTIONS, database, Database::activeConnections)
                    .description("Connections of the database's pool borrowed right now")
                    .tag("database", database.name())
                    .register(registry);
            this.units = Timer.builder(UNIT)
                    .description("Units of work, from their start until they ended: connection back in the pool, hooks run")
                    .withRegistry(registry);
            this.connectionWaits = Timer.builder(CONNECTION_WAIT)
                    .description("Time units of work waited for the pool to lend their connection")
                    .withRegistry(registry);
            this.statements = DistributionSummary.builder(STATEMENTS)
                    .description("Statements executed per unit of work")
                    .baseUnit("statements")
                    .withRegistry(registry);
            this.heldTooLong = Counter.builder(HELD_TOO_LONG)
                    .description("Units of work that held their connection longer than their budget")
                    .withRegistry(registry);
        }

        @Override
        public void connectionHeldTooLong(ConnectionHeld held) {
            heldTooLong.withTags(Tags.of("boundary", held.boundary(), "database", held.database())).increment();
        }

        @Override
        public void unitEnded(UnitEnded unit) {
            Tags tags = Tags.of("boundary", unit.boundary(), "database", unit.database(),
                    "outcome", unit.outcome().name(), "exception", exception(unit.rollbackCause()));
            units.withTags(tags).record(unit.durationNanos(), TimeUnit.NANOSECONDS);
            if (unit.connectionWaitNanos() > 0) { // 0: the unit borrowed no connection, and waited for none
                connectionWaits.withTags(tags).record(unit.connectionWaitNanos(), TimeUnit.NANOSECONDS);
            }
            statements.withTags(tags).record(unit.statements());
        }

        private static String exception(Throwable cause) {
            if (cause == null) {
                return "none";
            }
            String simpleName = cause.getClass().getSimpleName();
            return simpleName.isEmpty() ? cause.getClass().getName() : simpleName; // anonymous classes have none
        }
    }
}
