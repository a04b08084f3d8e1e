package org.unitofwork;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.unitofwork.spi.SessionKind;
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

    static {
        EagerInitialization.run(); // S21: before any unit, so that no unit initialises a class
    }

    private final String name;
    /** Where units borrow their connections, and where those in an unknown state are evicted. */
    final ConnectionSource connections;
    /** The session kinds and observers integrations registered. */
    final Extensions extensions;
    /** The unit active on each thread. */
    final ActiveUnits units;
    private final Boundary defaultBoundary;
    private final DataSource dataSource;
    private volatile boolean closed;

    private Database(String name, String origin, DataSource source, Secrets secrets, HikariDataSource hikari,
            JoinMode joinMode, HikariDataSource replica, Duration readYourWrites, Duration holdBudget) {
        this.name = name;
        this.connections = new ConnectionSource(this, origin, source, secrets, hikari, joinMode, replica,
                readYourWrites, holdBudget);
        this.extensions = new Extensions(this);
        this.units = new ActiveUnits(this);
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
        DatabaseRegistry.checkName(name);
        // Only a HikariCP pool itself can evict what units hold and reset what they change; a wrapper
        // around one hands out its own connections, which HikariCP does not recognise.
        HikariDataSource hikari = dataSource instanceof HikariDataSource ? (HikariDataSource) dataSource : null;
        return DatabaseRegistry.enroll(name, () -> new Database(name, "data source " + dataSource.getClass().getName(),
                dataSource, Secrets.NONE, hikari, joinMode, null, Duration.ZERO, Duration.ZERO));
    }

    /**
     * The database registered under {@code name}.
     *
     * @param name the name given to {@link Builder#name(String)}, {@code "default"} when none was
     * @return the database
     * @throws DatabaseConfigurationException when no open database has that name
     */
    public static Database named(String name) {
        return DatabaseRegistry.named(Objects.requireNonNull(name, "name"));
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
        extensions.register(kind);
    }

    /**
     * Has {@code observer} hear how every unit of this database ends, from the next unit on.
     *
     * @param observer the observer, for example the Micrometer binder of {@code unitofwork-micrometer}
     */
    public void addObserver(UnitObserver observer) {
        extensions.addObserver(observer);
    }

    /**
     * Stops {@code observer} hearing about units; does nothing when it was not added.
     *
     * @param observer an observer added with {@link #addObserver(UnitObserver)}
     */
    public void removeObserver(UnitObserver observer) {
        extensions.removeObserver(observer);
    }

    /**
     * How many of the pool's connections are borrowed right now, by units or through
     * {@link #dataSource()}.
     *
     * @return the number of connections in use, the replica's included, or -1 for an adopted data
     *     source that is not a HikariCP pool and cannot tell
     */
    public int activeConnections() {
        return connections.activeConnections();
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
        if (DatabaseRegistry.remove(this, () -> closed = true)) {
            connections.close();
        }
    }

    /** How messages name where the connections come from: a redacted URL, or the adopted data source. */
    String origin() {
        return connections.origin;
    }

    @Override
    public String toString() {
        return "Database[" + name + ", " + origin() + (closed ? ", closed" : "") + "]";
    }

    /**
     * Configures a {@link Database}. Only the settings the library needs are named here; every other
     * HikariCP setting is reachable through {@link #configure(Consumer)}.
     */
    public static final class Builder {
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
            DatabaseRegistry.checkName(name);
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
            return DatabaseRegistry.enroll(name, () -> {
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
                return new Database(name, Secrets.redactUrl(jdbcUrl), pool, new Secrets(jdbcUrl, password), pool,
                        null, replicaPool, readYourWrites, holdBudget);
            });
        }

        private HikariDataSource open(String url, String poolName) {
            return ConnectionSource.openPool(name, url, poolName, user, password, poolSize, configurer);
        }
    }
}
