package org.unitofwork;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.lang.invoke.MethodHandles;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.unitofwork.spi.ConnectionHeld;
import org.unitofwork.spi.HostUnit;
import org.unitofwork.spi.SessionKind;
import org.unitofwork.spi.UnitEnded;
import org.unitofwork.spi.UnitObserver;

/**
 * A named database over a HikariCP pool, and the registry of the units of work active on it, one
 * per thread. The counterpart of SQLAlchemy's {@code init_engine} plus {@code scoped_session}.
 * {@link #builder(String)} creates the pool; {@link #adopt(String, DataSource)} puts an application's
 * existing {@code DataSource} under units instead.
 *
 * <pre>{@code
 * Database db = Database.builder("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1")
 *         .user("sa").password("")
 *         .poolSize(10)
 *         .build();                       // registered as "default"
 * db.run(session -> insert(session.connection(), order));
 * long n = db.call(session -> count(session.connection()));
 * }</pre>
 *
 * <p>{@link #run} and {@link #call} open a unit (or join the one active on this thread), commit when
 * the work returns, roll back and re-throw the same exception when it throws, and always give the
 * connection back and clear the thread's registry entry. For other attributes (propagation,
 * read-only, isolation, timeout, rules, retries) use a {@link Boundary}.
 *
 * <p>Every database is registered under its name until {@link #close()}, so that boundaries,
 * generated wrappers and woven methods find it by name. Thread-safe.
 */
public final class Database implements AutoCloseable {

    /** The name a database gets when its builder names none, and that boundaries use by default. */
    public static final String DEFAULT_NAME = "default";

    private static final ConcurrentHashMap<String, Database> REGISTRY = new ConcurrentHashMap<>();
    /** Serializes building and closing, so that a name is checked and taken atomically. */
    private static final ReentrantLock REGISTRATION = new ReentrantLock();

    static {
        // Every class of the runtime is initialised here, before any unit runs: a class initialiser
        // running on a virtual thread pins its carrier, and the first burst of units would wait on it
        // (S21). EagerInitializationTest fails when a class is missing from this list.
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        for (Class<?> type : List.of(Boundary.class, Boundary.Builder.class, BoundaryConfigurationException.class,
                CommitFailedException.class, CommitFailures.class, CommitOutcomeUnknownException.class,
                CommitResolution.class, ConnectionGuard.class, ConnectionState.class,
                ConnectionUnavailableException.class, Database.Builder.class, LastWrite.class,
                DatabaseConfigurationException.class, DriverExtension.class, DriverExtension.CopyConnection.class,
                DriverExtension.View.class, GenerateGuards.class, GenerateStackClaim.class, Guard.class,
                GuardedArray.class, GuardedBlob.class, GuardedCallableStatement.class, GuardedClob.class,
                GuardedConnection.class, GuardedConnection.Mode.class, GuardedConnectionException.class, JoinMode.class,
                GuardedDatabaseMetaData.class, GuardedInputStream.class, GuardedNClob.class, GuardedOutputStream.class,
                GuardedParameterMetaData.class, GuardedPreparedStatement.class, GuardedReader.class, GuardedRef.class,
                GuardedResultSet.class, GuardedResultSetMetaData.class, GuardedSQLXML.class, GuardedStatement.class,
                GuardedStruct.class, GuardedWriter.class, HeldTooLong.class, HeldTooLong.Borrowed.class,
                HookFailedException.class, HostedConnection.class, Hosting.class, Isolation.class, JoinedScope.class,
                MetaDataGuard.class, NestedScope.class, NoActiveUnitException.class, Outcome.class, Propagation.class,
                PropagationException.class, ResultSetGuard.class, Retries.class, RollbackOnlyException.class,
                Scope.class, Secrets.class, Session.class, SessionAction.class, SessionFunction.class, StackClaim.class,
                StackHeadroom.class, StatementGuard.class, Threads.class, Unit.class, Unit.Hook.class, Unit.Rare.class,
                UnitDataSource.class, UnitOfWork.class, UnitOfWorkException.class, UnitRecording.class,
                UnitTimeoutException.class, WrongThreadException.class, SessionKind.class, UnitEnded.class,
                UnitObserver.class, HostUnit.class, ConnectionHeld.class)) {
            try {
                lookup.ensureInitialized(type);
            } catch (IllegalAccessException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
        // The JDK's SQLException initialises itself on first use, often where a unit fails deep in a
        // recursion: an overflow striking in that initialiser would break every SQLException, from
        // every driver, for the life of the JVM
        try {
            lookup.ensureInitialized(SQLException.class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
        // HikariCP's proxies, which every unit's first borrow touches, are the pool's: named, not linked
        for (String proxy : List.of("HikariProxyConnection", "HikariProxyStatement", "HikariProxyPreparedStatement",
                "HikariProxyCallableStatement", "HikariProxyResultSet", "HikariProxyDatabaseMetaData", "ProxyLeakTask",
                "ProxyFactory")) {
            try {
                Class.forName("com.zaxxer.hikari.pool." + proxy, true, HikariDataSource.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                // another HikariCP version names them otherwise: its classes are merely initialised later
            }
        }
    }

    private final String name;
    /** How messages name where the connections come from: a redacted URL, or the adopted data source. */
    private final String origin;
    /** Where units borrow their connections. */
    private final DataSource source;
    /** Redacts the credentials from driver messages before they reach a message or a log. */
    private final Secrets secrets;
    /**
     * The same pool when it is a HikariCP one, else null: it resets connection state on return,
     * counts connections, evicts, and its size bounds what one thread can hold.
     */
    private final HikariDataSource hikari;
    /** Whether {@link #adopt} put an application's data source under units: see {@link #dataSource()}. */
    private final boolean adopted;
    /** What legacy transactions become inside units, for an adopted data source; null otherwise. */
    private final JoinMode joinMode;
    /** The most connections the pool holds; {@link Integer#MAX_VALUE} when the pool does not say. */
    private final int poolSize;
    /** Where read-only units borrow, when the database has a replica; else null. */
    private final HikariDataSource replica;
    /** How long after a thread's last write its read-only units stay on the primary. */
    private final long readYourWritesNanos;
    /** How long a unit may hold its connection before it is reported; 0 for no limit. */
    private final long holdBudgetNanos;
    /** Per thread, when it last wrote; used only with a replica. */
    private final ThreadLocal<LastWrite> lastWrites = ThreadLocal.withInitial(LastWrite::new);
    private final ThreadLocal<Unit> activeUnits = new ThreadLocal<>();
    /**
     * Per thread, the connections {@link #dataSource()} lent outside any unit that may still be open:
     * they count against the pool like a suspended unit's (S7).
     */
    private final ThreadLocal<ArrayList<Connection>> lentOutsideUnits = new ThreadLocal<>();
    /** Whether any thread was ever lent one, so that units of the others need not look. */
    private volatile boolean everLentOutsideUnits;
    private final Boundary defaultBoundary;
    private final DataSource dataSource;
    private volatile boolean closed;
    /** Copy-on-write, read by every unit that asks for a resource; changed rarely, under {@link #extensions}. */
    private volatile SessionKind<?>[] kinds = new SessionKind<?>[0];
    /** Copy-on-write, read by every unit; changed rarely, under {@link #extensions}. */
    private volatile UnitObserver[] observers = new UnitObserver[0];
    private final ReentrantLock extensions = new ReentrantLock();

    private Database(String name, String origin, DataSource source, Secrets secrets, HikariDataSource hikari,
            JoinMode joinMode, HikariDataSource replica, Duration readYourWrites, Duration holdBudget) {
        this.name = name;
        this.origin = origin;
        this.source = source;
        this.secrets = secrets;
        this.hikari = hikari;
        this.adopted = joinMode != null;
        this.joinMode = joinMode;
        this.poolSize = hikari != null ? hikari.getMaximumPoolSize() : Integer.MAX_VALUE;
        this.replica = replica;
        this.readYourWritesNanos = readYourWrites.toNanos();
        this.holdBudgetNanos = holdBudget.toNanos();
        this.defaultBoundary = Boundary.builder("Database.run").database(name).build();
        this.defaultBoundary.bindTo(this);
        this.dataSource = new UnitDataSource(this, source);
    }

    /**
     * Starts configuring a database.
     *
     * @param jdbcUrl the JDBC URL, such as {@code jdbc:postgresql://127.0.0.1:5432/shop}
     * @return a builder
     */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /**
     * Puts a {@code DataSource} the application already has (its own pool, usually) under units of
     * work, and registers it under {@code name}, with {@link JoinMode#SAVEPOINT}: see
     * {@link #adopt(String, DataSource, JoinMode)}.
     *
     * @param name the name to register the database under
     * @param dataSource the application's data source
     * @return the database
     * @throws DatabaseConfigurationException when the name is blank or taken
     */
    public static Database adopt(String name, DataSource dataSource) {
        return adopt(name, dataSource, JoinMode.SAVEPOINT);
    }

    /**
     * Puts a {@code DataSource} the application already has (its own pool, usually) under units of
     * work, and registers it under {@code name}. Units borrow from it, switch off auto-commit for
     * their transaction and give the connection back as they found it. Closing the database does
     * not close the data source: it stays the application's.
     *
     * <p>This is how legacy code joins units without being rewritten: inside a unit,
     * {@link #dataSource()} of an adopted database hands out the unit's connection, on which the
     * application's own transaction calls keep their meaning for its own work as {@code joinMode}
     * says, without ending the unit's transaction. {@code commit()} leaves the commit to the unit,
     * which commits when its outermost boundary returns; {@code rollback()} rolls back to the legacy
     * transaction's savepoint ({@link JoinMode#SAVEPOINT}) or dooms the unit
     * ({@link JoinMode#ROLLBACK_ONLY}); {@code setAutoCommit(…)} starts or ends legacy transactions
     * and {@code close()} does nothing. In a unit without a transaction, those calls work as on the
     * application's own connection. {@link Session#connection()} stays strict, as everywhere.
     *
     * <p>Only a {@code HikariDataSource} itself lets units evict a connection in an unknown state and
     * count connections; any other pool (or a wrapper around HikariCP) gets such a connection back
     * rolled back and as it was lent, or aborted, and relies on its own validation.
     *
     * @param name the name to register the database under
     * @param dataSource the application's data source
     * @param joinMode what the application's own transactions become inside units
     * @return the database
     * @throws DatabaseConfigurationException when the name is blank or taken
     */
    public static Database adopt(String name, DataSource dataSource, JoinMode joinMode) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(joinMode, "joinMode");
        checkName(name);
        // Only a HikariCP pool itself can evict what units hold and reset what they change; a wrapper
        // around one hands out its own connections, which HikariCP does not recognise.
        HikariDataSource hikari = dataSource instanceof HikariDataSource ? (HikariDataSource) dataSource : null;
        return enroll(new Database(name, "data source " + dataSource.getClass().getName(), dataSource,
                Secrets.NONE, hikari, joinMode, null, Duration.ZERO, Duration.ZERO));
    }

    private static Database enroll(Database db) {
        REGISTRATION.lock();
        try {
            checkFree(db.name);
            REGISTRY.put(db.name, db);
            return db;
        } finally {
            REGISTRATION.unlock();
        }
    }

    /** Throws unless {@code name} is free; call holding {@link #REGISTRATION}. */
    private static void checkFree(String name) {
        Database taken = REGISTRY.get(name);
        if (taken != null) {
            throw new DatabaseConfigurationException("A database named '" + name + "' is already registered ("
                    + taken.origin + "): close it first, or give this one another name.");
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new DatabaseConfigurationException("A database name must not be blank; leave it unset for \""
                    + DEFAULT_NAME + "\".");
        }
    }

    /**
     * The database registered under {@code name}.
     *
     * @param name the name given to {@link Builder#name(String)}, {@code "default"} when none was
     * @return the database
     * @throws DatabaseConfigurationException when no open database has that name
     */
    public static Database named(String name) {
        Database db = REGISTRY.get(Objects.requireNonNull(name, "name"));
        if (db == null) {
            throw new DatabaseConfigurationException("No database named '" + name + "' is registered"
                    + (REGISTRY.isEmpty() ? " (none is)" : " (registered: " + String.join(", ", REGISTRY.keySet()) + ")")
                    + ": build it first with Database.builder(jdbcUrl)"
                    + (DEFAULT_NAME.equals(name) ? ".build()" : ".name(\"" + name + "\").build()") + ".");
        }
        return db;
    }

    /**
     * The database a boundary names, for the boundary's first unit: unlike {@link #named(String)},
     * a missing database is reported as the boundary's mistake, naming it and the thread, and a name
     * close to a registered one as a likely typo.
     */
    static Database namedBy(Boundary boundary) {
        String name = boundary.databaseName();
        Database db = REGISTRY.get(name);
        if (db != null) {
            return db;
        }
        String near = null;
        for (String registered : REGISTRY.keySet()) {
            if (nearlyEqual(name, registered)) {
                near = registered;
            }
        }
        throw new DatabaseConfigurationException("Boundary " + boundary.name() + " on "
                + Threads.describe(Thread.currentThread()) + " names database '" + name + "', but no database of that"
                + " name is registered" + (REGISTRY.isEmpty() ? " (none is)" : " (registered: "
                        + String.join(", ", REGISTRY.keySet()) + ")") + (near != null
                        ? ". Did you mean '" + near + "'? Correct the boundary's database attribute."
                        : ". Build it before the boundary's first call: Database.builder(jdbcUrl)"
                                + (DEFAULT_NAME.equals(name) ? "" : ".name(\"" + name + "\")") + ".build(), or correct"
                                + " the boundary's database attribute."));
    }

    /** Whether two names differ only in letter case or by at most two edits: a typo, most likely. */
    private static boolean nearlyEqual(String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        if (Math.abs(a.length() - b.length()) > 2) {
            return false;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()] <= 2;
    }

    /** {@return the name this database is registered under} */
    public String name() {
        return name;
    }

    /**
     * Runs {@code work} in a unit of work on this database: joins the unit active on this thread, or
     * opens one that commits when the work returns and rolls back when it throws.
     *
     * @param work the work
     * @param <E> the checked exception the work may throw
     * @throws E the work's own exception, unchanged, after the rollback
     * @throws UnitOfWorkException when the unit cannot start or commit
     */
    public <E extends Throwable> void run(SessionAction<E> work) throws E {
        defaultBoundary.run(work);
    }

    /**
     * Runs {@code work} in a unit of work on this database, as {@link #run}, and returns its result
     * once the unit has committed.
     *
     * @param work the work
     * @param <T> the result type
     * @param <E> the checked exception the work may throw
     * @return the work's result
     * @throws E the work's own exception, unchanged, after the rollback
     * @throws UnitOfWorkException when the unit cannot start or commit
     */
    public <T, E extends Throwable> T call(SessionFunction<T, E> work) throws E {
        return defaultBoundary.call(work);
    }

    /**
     * A {@code DataSource} for code that knows only {@code DataSource}: inside a unit of work on this
     * thread, {@code getConnection()} returns the unit's guarded connection (closing it does
     * nothing); outside any unit, a plain pooled connection in auto-commit mode, to be closed by the
     * caller as with any pool. For an {@linkplain #adopt adopted} data source, the connection inside
     * a unit handles the caller's own {@code commit()}, {@code rollback()} and {@code setAutoCommit}
     * calls as its {@link JoinMode} says, and outside any unit the data source behaves exactly as the
     * application's own.
     *
     * @return the data source, the same object on every call
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Lets units of this database hand out another kind of session, such as a JPA {@code
     * EntityManager}: {@link Session#get(Class)} and injected parameters of the kind's type then get the
     * unit's resource. Integration modules provide the kinds, for example {@code
     * org.unitofwork.jpa.JpaSessions}.
     *
     * @param kind the kind to register
     * @throws DatabaseConfigurationException when a kind of the same type is registered already
     */
    public void register(SessionKind<?> kind) {
        Objects.requireNonNull(kind, "kind");
        Class<?> type = Objects.requireNonNull(kind.type(), () -> kind + ".type()");
        extensions.lock();
        try {
            for (SessionKind<?> k : kinds) {
                if (k.type() == type) {
                    throw new DatabaseConfigurationException("Database '" + name + "' already has a session kind for "
                            + type.getName() + " (" + k + "); register one kind per type.");
                }
            }
            SessionKind<?>[] more = Arrays.copyOf(kinds, kinds.length + 1);
            more[kinds.length] = kind;
            kinds = more;
        } finally {
            extensions.unlock();
        }
    }

    /**
     * The kind registered for exactly {@code type}.
     *
     * @throws DatabaseConfigurationException when none is
     */
    @SuppressWarnings("unchecked")
    <T> SessionKind<T> kind(Class<T> type, String asker) {
        SessionKind<?>[] registered = kinds;
        for (SessionKind<?> k : registered) {
            if (k.type() == type) {
                return (SessionKind<T>) k;
            }
        }
        StringBuilder known = new StringBuilder();
        for (SessionKind<?> k : registered) {
            known.append(known.length() == 0 ? "" : ", ").append(k.type().getName());
            if (k.type().getName().equals(type.getName())) {
                known.append(" loaded by another class loader, ").append(k.type().getClassLoader());
            }
        }
        throw new DatabaseConfigurationException(asker + " asked for a " + type.getName() + ", but database '" + name
                + "' has no session kind for that type (" + (known.length() == 0 ? "it has none" : "it has " + known)
                + "). Register one with Database.register, for example through an integration module such as"
                + " unitofwork-jpa, unitofwork-jooq or unitofwork-jdbi.");
    }

    /**
     * Has {@code observer} hear how every unit of this database ends, from the next unit on.
     *
     * @param observer the observer, for example the Micrometer binder of {@code unitofwork-micrometer}
     */
    public void addObserver(UnitObserver observer) {
        Objects.requireNonNull(observer, "observer");
        extensions.lock();
        try {
            UnitObserver[] more = Arrays.copyOf(observers, observers.length + 1);
            more[observers.length] = observer;
            observers = more;
        } finally {
            extensions.unlock();
        }
    }

    /**
     * Stops {@code observer} hearing about units; does nothing when it was not added.
     *
     * @param observer an observer added with {@link #addObserver(UnitObserver)}
     */
    public void removeObserver(UnitObserver observer) {
        extensions.lock();
        try {
            UnitObserver[] now = observers;
            for (int i = 0; i < now.length; i++) {
                if (now[i] == observer) {
                    UnitObserver[] fewer = new UnitObserver[now.length - 1];
                    System.arraycopy(now, 0, fewer, 0, i);
                    System.arraycopy(now, i + 1, fewer, i, now.length - i - 1);
                    observers = fewer;
                    return;
                }
            }
        } finally {
            extensions.unlock();
        }
    }

    /** Whether units starting now must measure themselves for an observer or the debug log (JFR asks on its own). */
    boolean observed() {
        return observers.length != 0 || Unit.LOG.isDebugEnabled();
    }

    /** Tells the observers that a unit starts; never throws. */
    void unitStarted(Boundary boundary, int attempt) {
        for (UnitObserver observer : observers) {
            try {
                observer.unitStarted(boundary, attempt);
            } catch (Throwable e) {
                Unit.LOG.warn("Unit observer {} of database '{}' failed as {} started; the unit goes on",
                        observer, name, boundary.name(), e);
            }
        }
    }

    /** Tells the observers that a nested boundary rolled back to its savepoint; never throws. */
    void rolledBackToSavepoint(Boundary nested, Throwable cause) {
        for (UnitObserver observer : observers) {
            try {
                observer.rolledBackToSavepoint(nested, cause);
            } catch (Throwable e) {
                Unit.LOG.warn("Unit observer {} of database '{}' failed as nested boundary {} rolled back; the unit"
                        + " goes on", observer, name, nested.name(), e);
            }
        }
    }

    /** Tells the observers that a unit held its connection too long; never throws. */
    void connectionHeldTooLong(ConnectionHeld held) {
        for (UnitObserver observer : observers) {
            try {
                observer.connectionHeldTooLong(held);
            } catch (Throwable e) {
                Unit.LOG.warn("Unit observer {} of database '{}' failed on {}", observer, name, held, e);
            }
        }
    }

    /** The budget for holding a connection that boundaries without one of their own get; 0 for none. */
    long connectionHoldBudgetNanos() {
        return holdBudgetNanos;
    }

    /** Tells the observers how a unit ended; never throws. */
    void unitEnded(UnitEnded unit) {
        for (UnitObserver observer : observers) {
            try {
                observer.unitEnded(unit);
            } catch (Throwable e) {
                Unit.LOG.warn("Unit observer {} of database '{}' failed on {}; the unit's outcome stands",
                        observer, name, unit, e);
            }
        }
    }

    /**
     * How many of the pool's connections are borrowed right now, by units or through
     * {@link #dataSource()}.
     *
     * @return the number of connections in use, the replica's included, or -1 for an adopted data
     *     source that is not a HikariCP pool and cannot tell
     */
    public int activeConnections() {
        if (hikari == null) {
            return -1;
        }
        return active(hikari) + (replica != null ? active(replica) : 0);
    }

    private static int active(HikariDataSource pool) {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        return bean == null ? 0 : bean.getActiveConnections();
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the pool and removes the database from the registry; its name can then be registered
     * again. Units still active on other threads lose their connections. An {@linkplain #adopt
     * adopted} data source is only removed from the registry, not closed.
     */
    @Override
    public void close() {
        REGISTRATION.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            REGISTRY.remove(name, this);
        } finally {
            REGISTRATION.unlock();
        }
        if (!adopted) {
            hikari.close();
        }
        if (replica != null) {
            replica.close();
        }
    }

    @Override
    public String toString() {
        return "Database[" + name + ", " + origin + (closed ? ", closed" : "") + "]";
    }

    // ---- the thread registry

    /**
     * The unit active on this thread, or null. A dead unit found there (an {@code Error} cut its end
     * short, S2) is discarded first, with the dead units it suspended: it is never joined.
     */
    Unit activeUnit() {
        Unit unit = activeUnits.get();
        return unit == null || !unit.isDead() ? unit : discardDead(unit);
    }

    private Unit discardDead(Unit dead) {
        Unit live = dead;
        while (live != null && live.isDead()) {
            Unit.LOG.warn("{} is still registered on its thread although it ended, or an Error cut its end short;"
                    + " it is discarded, its connection evicted if it still held one", live.describeAtStart());
            Unit next = live.suspended();
            live.discard();
            live = next;
        }
        restore(live);
        return live;
    }

    /** Restores the registry after a dead unit, if the registry still names it. */
    void restoreAfterDead(Unit dead, Unit suspended) {
        if (activeUnits.get() == dead) {
            restore(suspended);
        }
    }

    Session currentSession() {
        Unit unit = activeUnit();
        if (unit == null) {
            throw new NoActiveUnitException("No unit of work is active for database '" + name + "' on "
                    + Threads.describe(Thread.currentThread()) + ". Open one around this code: "
                    + (DEFAULT_NAME.equals(name) ? "Database.named(\"default\")" : "Database.named(\"" + name + "\")")
                    + ".run(session -> ...), a Boundary, or a @UnitOfWork method.");
        }
        return unit;
    }

    Unit open(Boundary boundary, Unit suspended, boolean transactional, int attempt, Throwable[] earlierFailures) {
        if (closed) {
            throw new DatabaseConfigurationException("Boundary " + boundary.name() + " cannot open a unit: database '"
                    + name + "' is closed. Build it again before using it.");
        }
        Unit unit = new Unit(this, boundary, suspended, transactional, attempt, earlierFailures);
        try {
            activeUnits.set(unit);
        } catch (Throwable struck) {
            unit.abandoned = true; // registered or not, no boundary will end it: the next one discards it (S2)
            throw struck;
        }
        return unit;
    }

    void restore(Unit suspended) {
        if (suspended == null) {
            activeUnits.remove();
        } else {
            activeUnits.set(suspended);
        }
    }

    // ---- connections

    /**
     * Whether {@code unit} borrows from the replica: it is read-only, does not ask for what a hot
     * standby cannot serve (serializable isolation), and its thread has not written within the
     * read-your-writes window.
     */
    boolean routesToReplica(Unit unit) {
        if (replica == null || !unit.boundary().readOnly() || unit.boundary().isolation() == Isolation.SERIALIZABLE
                || unit.host() != null) { // a unit inside a host runs on the host's connection
            return false; // a hot standby cannot run a serializable transaction
        }
        LastWrite last = lastWrites.get();
        return !last.wrote || System.nanoTime() - last.at > readYourWritesNanos;
    }

    /** Notes that this thread's unit has committed writes, so its next reads see them. */
    void wrote() {
        if (replica != null) {
            LastWrite last = lastWrites.get();
            last.wrote = true;
            last.at = System.nanoTime();
        }
    }

    Connection borrow(Unit unit, boolean fromReplica) {
        DataSource pool = fromReplica ? replica : source;
        HikariDataSource counted = fromReplica ? replica : hikari;
        int inUnits = 0;
        for (Unit u = unit.suspended(); u != null; u = u.suspended()) {
            // a host's connection is the test's, which production would not hold: counted as production would
            if (u.hasConnection() && u.isFromReplica() == fromReplica && !u.hosts()) {
                inUnits++;
            }
        }
        int outside = fromReplica ? 0 : heldOutsideUnits();
        if (inUnits + outside >= poolSize) {
            throw new ConnectionUnavailableException(unit.describeAtStart() + " needs a connection of its own, but this"
                    + " thread already holds all " + poolSize + " connections of pool " + counted.getPoolName()
                    + " (" + inUnits + " in the units it suspended, " + outside + " taken from dataSource() outside"
                    + " any unit and not closed yet): waiting could only time out. Raise poolSize, close what was taken"
                    + " from dataSource(), or use propagation REQUIRED or NESTED instead of REQUIRES_NEW.");
        }
        Unit host = unit.host();
        if (host != null) {
            return HostedConnection.open(unit, host);
        }
        try {
            return StackHeadroom.borrowFrom(pool);
        } catch (SQLException e) {
            throw new ConnectionUnavailableException(unit.describeAtStart() + " got no connection "
                    + whyNoConnection(e, counted) + ".", secrets.redact(e));
        }
    }

    /** Notes a connection that {@link #dataSource()} lends this thread outside any unit. */
    void lentOutsideUnits(Connection connection) {
        ArrayList<Connection> lent = lentOutsideUnits.get();
        if (lent == null) {
            lent = new ArrayList<>(2);
            lentOutsideUnits.set(lent);
            everLentOutsideUnits = true;
        }
        forgetClosed(lent);
        lent.add(connection);
    }

    private int heldOutsideUnits() {
        ArrayList<Connection> lent = everLentOutsideUnits ? lentOutsideUnits.get() : null;
        if (lent == null) {
            return 0;
        }
        forgetClosed(lent);
        return lent.size();
    }

    private static void forgetClosed(ArrayList<Connection> lent) {
        for (int i = lent.size() - 1; i >= 0; i--) {
            boolean closed;
            try {
                closed = lent.get(i).isClosed();
            } catch (SQLException e) {
                closed = true;
            }
            if (closed) {
                lent.remove(i);
            }
        }
    }

    /** A connection to ask the database what became of a commit: from the pool, outside any unit. */
    Connection resolvingConnection() throws SQLException {
        return StackHeadroom.borrowFrom(source);
    }

    /** How long to keep asking what became of a commit: the pool's connection timeout, as a restart may take. */
    long resolvePatienceMillis() {
        return hikari != null ? Math.max(hikari.getConnectionTimeout(), 1_000) : 30_000;
    }

    private String whyNoConnection(SQLException e, HikariDataSource counted) {
        if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
            return "because its thread was interrupted while it waited for one";
        }
        if (closed) {
            return "because database '" + name + "' was closed";
        }
        if (e instanceof SQLTransientConnectionException && counted != null) {
            return "from pool " + counted.getPoolName() + " within " + counted.getConnectionTimeout() + " ms ("
                    + active(counted) + " of " + poolSize + " in use, "
                    + counted.getHikariPoolMXBean().getThreadsAwaitingConnection() + " threads waiting): "
                    + secrets.redact(e.getMessage()) + ". Raise poolSize, or find the code that holds connections too long";
        }
        return "from " + origin + ": " + secrets.redact(e.getMessage()) + ". Check that the server is up and reachable";
    }

    /**
     * Whether the pool puts a returned connection back in its initial state (auto-commit, read-only,
     * isolation), as HikariCP does; otherwise units restore what they changed.
     */
    boolean resetsConnections() {
        return hikari != null;
    }

    boolean isAdopted() {
        return adopted;
    }

    /** What legacy transactions become inside units; null unless the database is adopted. */
    JoinMode joinMode() {
        return joinMode;
    }

    /**
     * Removes a connection in an unknown state from its pool, so it is never handed out again. A pool
     * that cannot be asked to evict (an adopted one that is not HikariCP) gets it back rolled back and
     * as it was lent, or aborted when that fails. Never throws.
     */
    void evict(Connection connection, boolean fromReplica, ConnectionState changed) {
        if (HostedConnection.evict(connection)) {
            return;
        }
        HikariDataSource pool = fromReplica ? replica : hikari;
        try {
            if (pool != null) {
                pool.evictConnection(connection);
                return;
            }
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                if (changed != null) {
                    changed.restore(connection);
                }
            } catch (Throwable unusable) {
                connection.abort(Runnable::run);
            }
            connection.close();
        } catch (Throwable e) {
            Unit.LOG.warn("Database '{}': a connection in an unknown state could not be evicted: {}", name,
                    secrets.redact(e.toString()));
        }
    }

    /**
     * Evicts a connection that an {@code Error} struck during a driver call: the driver may have
     * stopped halfway through a message and still hold its own locks, which only this thread can
     * re-enter. Closing it gracefully, as the pool's closer thread would, sends more on that
     * protocol and can wait for those locks forever, while the server session keeps its transaction
     * and its locks. {@code abort} closes the socket without sending anything, here on the struck
     * thread, so the server rolls back at once; the pool then drops the closed connection. Never
     * throws.
     *
     * @param driverConnection the driver's connection under {@code connection}, or {@code connection}
     */
    void evictStruck(Connection connection, Connection driverConnection, boolean fromReplica) {
        try {
            driverConnection.abort(Runnable::run);
        } catch (Throwable e) {
            Unit.LOG.warn("Database '{}': a connection an Error struck could not be aborted: {}", name,
                    secrets.redact(e.toString()));
        }
        evict(connection, fromReplica, null);
    }

    /** When a thread last committed a write. */
    private static final class LastWrite {
        boolean wrote;
        long at;
    }

    /**
     * Configures a {@link Database}. Only the settings the library needs are named here; every other
     * HikariCP setting is reachable through {@link #configure(Consumer)}.
     */
    public static final class Builder {
        private static final String PG_CANCEL_SIGNAL_TIMEOUT = "cancelSignalTimeout";
        private final String jdbcUrl;
        private String name = DEFAULT_NAME;
        private String user;
        private String password;
        private int poolSize = 10;
        private Consumer<HikariConfig> configurer;
        private String replicaUrl;
        private Duration readYourWrites = Duration.ofSeconds(5);
        private Duration holdBudget = Duration.ZERO;

        private Builder(String jdbcUrl) {
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
                throw new DatabaseConfigurationException("Not a JDBC URL: "
                        + (jdbcUrl == null ? "null" : "'" + Secrets.redactUrl(jdbcUrl) + "'")
                        + ". Give one such as jdbc:postgresql://127.0.0.1:5432/shop or jdbc:h2:mem:shop.");
            }
            this.jdbcUrl = jdbcUrl;
        }

        /**
         * Sets the name the database is registered under.
         *
         * @param name the name to register the database under; {@code "default"} when not set
         * @return this builder
         */
        public Builder name(String name) {
            checkName(name);
            this.name = name;
            return this;
        }

        /**
         * Sets the user to connect as.
         *
         * @param user the user to connect as
         * @return this builder
         */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /**
         * Sets the password to connect with.
         *
         * @param password the password; it never appears in messages, logs or {@code toString()}
         * @return this builder
         */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /**
         * Sets the most connections the pool holds.
         *
         * @param poolSize the most connections the pool holds; 10 when not set
         * @return this builder
         */
        public Builder poolSize(int poolSize) {
            if (poolSize < 1) {
                throw new DatabaseConfigurationException("Database '" + name + "': poolSize must be at least 1, not "
                        + poolSize + ".");
            }
            this.poolSize = poolSize;
            return this;
        }

        /**
         * Adjusts any other HikariCP setting, after the ones above are applied. The pool always runs
         * with {@code autoCommit=false}, whatever this sets: units decide when to commit.
         *
         * @param configurer code that changes the pool's {@link HikariConfig}
         * @return this builder
         */
        public Builder configure(Consumer<HikariConfig> configurer) {
            this.configurer = Objects.requireNonNull(configurer, "configurer");
            return this;
        }

        /**
         * Sends read-only units to a replica: units whose boundary says {@code readOnly} and that
         * open a unit of their own borrow from a second pool on {@code replicaUrl}, with the same
         * credentials, size and settings. A joined read-only boundary stays on its unit's connection.
         *
         * <p>A read-only unit with {@link Isolation#SERIALIZABLE} isolation stays on the primary: a
         * PostgreSQL hot standby refuses serializable transactions.
         *
         * <p>Read-your-writes: a thread that has just committed a write keeps its read-only units on
         * the primary for {@link #readYourWrites(Duration)}, so it never reads a replica that has not
         * caught up with it yet. The pin is per thread: a web request that writes and then reads on
         * the same thread sees its write; another thread, or a later request on a new virtual
         * thread, reads the replica. Read what you must see fresh in the writing unit itself, or in a
         * read-write unit.
         *
         * @param replicaUrl the JDBC URL of the replica
         * @return this builder
         */
        public Builder replica(String replicaUrl) {
            if (replicaUrl == null || !replicaUrl.startsWith("jdbc:")) {
                throw new DatabaseConfigurationException("Database '" + name + "': the replica needs a JDBC URL, not "
                        + (replicaUrl == null ? "null" : "'" + Secrets.redactUrl(replicaUrl) + "'") + ".");
            }
            this.replicaUrl = replicaUrl;
            return this;
        }

        /**
         * Sets how long after a thread's last committed write its read-only units stay on the
         * primary; see {@link #replica(String)}.
         *
         * @param window the window; 5 seconds when not set
         * @return this builder
         */
        public Builder readYourWrites(Duration window) {
            if (window == null || window.isNegative()) {
                throw new DatabaseConfigurationException("Database '" + name + "': the read-your-writes window must"
                        + " be zero or positive, not " + window + ".");
            }
            this.readYourWrites = window;
            return this;
        }

        /**
         * Sets how long a unit may hold its connection, from the borrow until it is back in the pool,
         * before it is reported: once, as it gives the connection back, as a warning in the log of
         * {@code org.unitofwork.Unit} (boundary, thread, time held, time inside statements and outside
         * them, and the stack where the connection was borrowed), as the JFR event {@code
         * org.unitofwork.ConnectionHeld}, and to the {@linkplain org.unitofwork.spi.UnitObserver
         * observers} (the counter {@code unitofwork.connection.held.too.long} of {@code
         * unitofwork-micrometer}). A boundary can set its own ({@link
         * Boundary.Builder#connectionHoldBudgetMillis(long)}).
         *
         * <p>Off unless set: a unit with a budget records the stack of each borrow (a few microseconds)
         * and times its statements, and the right budget depends on the work (a web request, a batch).
         *
         * @param budget the budget; {@link Duration#ZERO} for none, the default
         * @return this builder
         */
        public Builder connectionHoldBudget(Duration budget) {
            if (budget == null || budget.isNegative()) {
                throw new DatabaseConfigurationException("Database '" + name + "': the connection hold budget must"
                        + " be zero (none) or positive, not " + budget + ".");
            }
            this.holdBudget = budget;
            return this;
        }

        /**
         * Creates the pool, checks that the database answers, and registers the database under its
         * name.
         *
         * @return the database
         * @throws DatabaseConfigurationException when the name is taken, a setting is invalid, or the
         *     database cannot be reached; the message never contains the password
         */
        public Database build() {
            REGISTRATION.lock();
            try {
                checkFree(name);
                HikariDataSource pool = open(jdbcUrl, "unitofwork-" + name);
                HikariDataSource replicaPool = null;
                if (replicaUrl != null) {
                    try {
                        replicaPool = open(replicaUrl, "unitofwork-" + name + "-replica");
                    } catch (DatabaseConfigurationException e) {
                        pool.close();
                        throw e;
                    }
                }
                Database db = new Database(name, Secrets.redactUrl(jdbcUrl), pool, new Secrets(jdbcUrl, password), pool,
                        null, replicaPool, readYourWrites, holdBudget);
                REGISTRY.put(name, db);
                return db;
            } finally {
                REGISTRATION.unlock();
            }
        }

        private HikariDataSource open(String url, String poolName) {
            Secrets secrets = new Secrets(url, password);
            HikariConfig config = new HikariConfig();
            config.setPoolName(poolName);
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(password);
            config.setMaximumPoolSize(poolSize);
            if (configurer != null) {
                configurer.accept(config);
            }
            config.setAutoCommit(false);
            if (url.startsWith("jdbc:postgresql:") && !url.contains(PG_CANCEL_SIGNAL_TIMEOUT)
                    && !config.getDataSourceProperties().containsKey(PG_CANCEL_SIGNAL_TIMEOUT)) {
                // pgJDBC waits for the answer to a cancel request, 10 s by default, before the statement ends:
                // on a server that stopped answering, that wait would outlive the unit's deadline (S16).
                config.addDataSourceProperty(PG_CANCEL_SIGNAL_TIMEOUT, "1");
            }
            try {
                return new HikariDataSource(config);
            } catch (RuntimeException e) {
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                String advice = "No suitable driver".equals(root.getMessage())
                        ? ". No JDBC driver on the classpath accepts this URL: add the database's driver, or fix the URL."
                        : ". Check the URL, the credentials and that the server is reachable.";
                throw new DatabaseConfigurationException("Cannot open database '" + name + "' at "
                        + Secrets.redactUrl(url) + (user != null ? " as user '" + user + "'" : "") + ": "
                        + secrets.redact(root.getMessage()) + advice, secrets.redact(e));
            }
        }
    }
}
