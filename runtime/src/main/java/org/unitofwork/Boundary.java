package org.unitofwork;

import java.util.List;
import java.util.Objects;

/**
 * The definition of one unit-of-work boundary: its name and the attributes of {@link UnitOfWork}.
 * Built once and reused for every call; immutable and thread-safe.
 *
 * <p>For application code it is the programmatic form of the annotation:
 *
 * <pre>{@code
 * Boundary transfer = Boundary.builder("Bank.transfer")
 *         .propagation(Propagation.REQUIRES_NEW)
 *         .retries(3)
 *         .build();
 * transfer.run(session -> move(session.connection(), from, to, amount));
 * }</pre>
 *
 * <p>For generated and woven code it is the entry of the boundary protocol: {@link #begin()} starts
 * the boundary on the calling thread and returns the {@link Scope} that ends it. See {@link Scope}
 * for the exact calling sequence.
 */
public final class Boundary {
    /** How messages name a database's own boundary: by the methods that begin it. */
    private static final String DATABASES_OWN = "Database.run or Database.call";

    private final String name;
    private final String databaseName;
    private final Propagation propagation;
    private final boolean readOnly;
    private final Isolation isolation;
    private final int timeoutSeconds;
    private final Class<? extends Throwable>[] rollbackFor;
    private final Class<? extends Throwable>[] noRollbackFor;
    private final int retries;
    private final boolean resolveUnknownCommit;
    private final long connectionHoldBudgetMillis;
    /** The scope every joining call returns: joining allocates nothing. */
    private final JoinedScope joined = new JoinedScope(this);
    /** The database last resolved by name; looked up again once it is closed. */
    private volatile Database database;
    /** A database's own boundary ({@link Database#run}): it never moves to another database. */
    private boolean bound;

    private Boundary(Builder b) {
        this.name = b.name;
        this.databaseName = b.databaseName;
        this.propagation = b.propagation;
        this.readOnly = b.readOnly;
        this.isolation = b.isolation;
        this.timeoutSeconds = b.timeoutSeconds;
        this.rollbackFor = b.rollbackFor;
        this.noRollbackFor = b.noRollbackFor;
        this.retries = b.retries;
        this.resolveUnknownCommit = b.resolveUnknownCommit;
        this.connectionHoldBudgetMillis = b.connectionHoldBudgetMillis;
    }

    /**
     * Starts a builder.
     *
     * @param name how messages, logs and hooks name this boundary, such as
     *     {@code "AccountService.debit(long,long)"}
     * @return a builder with the defaults of {@link UnitOfWork}
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Builds the boundary an annotation describes.
     *
     * @param name how messages name this boundary, such as {@code "AccountService.debit(long,long)"}
     * @param annotation the annotation whose attributes to take
     * @return the boundary
     * @throws BoundaryConfigurationException when the attributes contradict each other
     */
    public static Boundary of(String name, UnitOfWork annotation) {
        return builder(name)
                .database(annotation.database())
                .propagation(annotation.propagation())
                .readOnly(annotation.readOnly())
                .isolation(annotation.isolation())
                .timeoutSeconds(annotation.timeoutSeconds())
                .rollbackFor(annotation.rollbackFor())
                .noRollbackFor(annotation.noRollbackFor())
                .retries(annotation.retries())
                .resolveUnknownCommit(annotation.resolveUnknownCommit())
                .connectionHoldBudgetMillis(annotation.connectionHoldBudgetMillis())
                .build();
    }

    /**
     * Starts this boundary on the calling thread: joins, suspends or opens a unit as the
     * propagation says. The returned scope must be ended on this thread with exactly one call of
     * {@link Scope#complete()} or {@link Scope#failed(Throwable)}.
     *
     * @return the scope of this call; a joining call returns a shared, allocation-free scope
     * @throws PropagationException when the propagation or the joined unit forbids starting here
     * @throws DatabaseConfigurationException when the boundary's database is not registered
     */
    public Scope begin() {
        return Propagations.begin(this, 0, null);
    }

    /**
     * Runs {@code work} inside this boundary: commits when it returns, rolls back and re-throws the
     * same exception when it throws, and retries transient failures as {@link #retries()} says.
     *
     * @param work the work
     * @param <E> the checked exception the work may throw
     * @throws E the work's own exception, unchanged
     * @throws UnitOfWorkException when the unit cannot start or end as asked
     */
    public <E extends Throwable> void run(SessionAction<E> work) throws E {
        Scope scope = begin();
        for (;;) {
            try {
                work.run(scope.session());
                scope.complete();
                return;
            } catch (Throwable failure) {
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Runs {@code work} inside this boundary and returns its result once the unit has committed.
     *
     * @param work the work
     * @param <T> the result type
     * @param <E> the checked exception the work may throw
     * @return the work's result
     * @throws E the work's own exception, unchanged
     * @throws UnitOfWorkException when the unit cannot start or end as asked
     */
    public <T, E extends Throwable> T call(SessionFunction<T, E> work) throws E {
        Scope scope = begin();
        for (;;) {
            try {
                T result = work.call(scope.session());
                scope.complete();
                return result;
            } catch (Throwable failure) {
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Whether {@code failure} rolls the unit back: the closest class of its hierarchy named in
     * {@link #rollbackFor()} or {@link #noRollbackFor()} decides; with neither, it rolls back.
     */
    boolean rollsBackOn(Throwable failure) {
        return noRollbackFor.length == 0 || RollbackRules.rollsBackOn(rollbackFor, noRollbackFor, failure); // S10
    }

    /** The database this boundary runs on, looked up by name once and again after it was closed. */
    Database database() {
        Database db = database;
        if (db == null || db.isClosed()) {
            if (db != null && bound) {
                throw new DatabaseConfigurationException(subject() + " cannot start: database '" + databaseName
                        + "' is closed. Build a new Database, and use that one.");
            }
            if (db != null && db.units.active() != null) {
                return db; // a unit is still active on this thread: it ends where it began, not on another pool
            }
            db = DatabaseRegistry.namedBy(this);
            database = db;
        }
        return db;
    }

    /** The database this boundary last began on, without looking it up again; null before that. */
    Database lastDatabase() {
        return database;
    }

    void bindTo(Database db) {
        database = db;
        bound = true;
    }

    JoinedScope joinedScope() {
        return joined;
    }

    /**
     * Names this boundary inside a message sentence, as in "the unit that boundary OrderService.place
     * opened". A database's own boundary is named by the methods a caller wrote, {@link Database#run}
     * and {@link Database#call}, rather than by its name.
     */
    String opener() {
        return bound ? DATABASES_OWN : "boundary " + name;
    }

    /** Names this boundary at the start of a message, as {@link #opener()} does inside one. */
    String subject() {
        return bound ? DATABASES_OWN : "Boundary " + name;
    }

    /**
     * Says, at the end of a message, how to give this boundary's work the propagation {@code instead}:
     * an attribute of a boundary of its own, but for the database's own boundary a boundary of the caller's.
     */
    String givePropagation(String instead) {
        return bound ? "run that work in a Boundary of its own with propagation " + instead
                : "give " + name + " propagation " + instead;
    }

    /** {@return how messages, logs and hooks name this boundary} */
    public String name() {
        return name;
    }

    /** {@return the name of the database the boundary's unit runs on} */
    public String databaseName() {
        return databaseName;
    }

    /** {@return how the boundary relates to a unit already active on the calling thread} */
    public Propagation propagation() {
        return propagation;
    }

    /** {@return whether the unit's connection is read-only} */
    public boolean readOnly() {
        return readOnly;
    }

    /** {@return the unit's isolation level} */
    public Isolation isolation() {
        return isolation;
    }

    /** {@return the unit's deadline in seconds, 0 for none} */
    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    /** {@return the exceptions that roll back even where {@link #noRollbackFor()} names a superclass} */
    public List<Class<? extends Throwable>> rollbackFor() {
        return List.of(rollbackFor);
    }

    /** {@return the exceptions that commit the unit's work and are still re-thrown} */
    public List<Class<? extends Throwable>> noRollbackFor() {
        return List.of(noRollbackFor);
    }

    /** {@return how many times a transient failure re-runs the unit} */
    public int retries() {
        return retries;
    }

    /** {@return whether a commit whose outcome is unknown is resolved by asking the database} */
    public boolean resolveUnknownCommit() {
        return resolveUnknownCommit;
    }

    /**
     * {@return how long the unit may hold its connection before it is reported, in milliseconds} 0 for
     * no limit, -1 for its database's budget ({@link Database.Builder#connectionHoldBudget}).
     */
    public long connectionHoldBudgetMillis() {
        return connectionHoldBudgetMillis;
    }

    @Override
    public String toString() {
        return BoundaryAttributes.describe(this);
    }

    /** Collects the attributes of a {@link Boundary}; the defaults are those of {@link UnitOfWork}. */
    public static final class Builder {
        private final String name;
        private String databaseName = Database.DEFAULT_NAME;
        private Propagation propagation = Propagation.REQUIRED;
        private boolean readOnly;
        private Isolation isolation = Isolation.DEFAULT;
        private int timeoutSeconds;
        private Class<? extends Throwable>[] rollbackFor = RollbackRules.NONE;
        private Class<? extends Throwable>[] noRollbackFor = RollbackRules.NONE;
        private int retries;
        private boolean resolveUnknownCommit;
        private long connectionHoldBudgetMillis = -1;

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new BoundaryConfigurationException("A boundary needs a name that messages can show, such as"
                        + " \"AccountService.debit(long,long)\"; got " + (name == null ? "null" : "a blank name"));
            }
            this.name = name;
        }

        /**
         * Sets the database the unit runs on, by name.
         *
         * @param databaseName the name of the database to run on; {@code "default"} when not set
         * @return this builder
         */
        public Builder database(String databaseName) {
            if (databaseName == null || databaseName.isBlank()) {
                throw new BoundaryConfigurationException("Boundary " + name + ": the database name must not be blank;"
                        + " name a registered database, or leave it unset for \"" + Database.DEFAULT_NAME + "\"");
            }
            this.databaseName = databaseName;
            return this;
        }

        /**
         * Sets how the boundary relates to a unit already active on the calling thread.
         *
         * @param propagation how the boundary relates to an active unit; {@link Propagation#REQUIRED} when not set
         * @return this builder
         */
        public Builder propagation(Propagation propagation) {
            this.propagation = Objects.requireNonNull(propagation, "propagation");
            return this;
        }

        /**
         * Sets whether the unit is read-only.
         *
         * @param readOnly whether the unit's connection is read-only
         * @return this builder
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * Sets the unit's isolation level.
         *
         * @param isolation the unit's isolation level; {@link Isolation#DEFAULT} when not set
         * @return this builder
         */
        public Builder isolation(Isolation isolation) {
            this.isolation = Objects.requireNonNull(isolation, "isolation");
            return this;
        }

        /**
         * Sets the deadline of the whole unit.
         *
         * @param timeoutSeconds the deadline of the whole unit in seconds, 0 for none
         * @return this builder
         */
        public Builder timeoutSeconds(int timeoutSeconds) {
            this.timeoutSeconds = timeoutSeconds;
            return this;
        }

        /**
         * Names exceptions that roll back; see {@link UnitOfWork#rollbackFor()}.
         *
         * @param types exceptions that roll back even where {@link #noRollbackFor} names a superclass
         * @return this builder
         */
        @SafeVarargs
        @SuppressWarnings("varargs") // the array is copied, never handed out
        public final Builder rollbackFor(Class<? extends Throwable>... types) {
            this.rollbackFor = BoundaryAttributes.copy(name, "rollbackFor", types);
            return this;
        }

        /**
         * Names exceptions that commit and are still re-thrown; see {@link UnitOfWork#noRollbackFor()}.
         *
         * @param types exceptions that commit the unit's work and are still re-thrown
         * @return this builder
         */
        @SafeVarargs
        @SuppressWarnings("varargs") // the array is copied, never handed out
        public final Builder noRollbackFor(Class<? extends Throwable>... types) {
            this.noRollbackFor = BoundaryAttributes.copy(name, "noRollbackFor", types);
            return this;
        }

        /**
         * Sets how many times a transient failure runs the unit again; see {@link UnitOfWork#retries()}.
         *
         * @param retries how many times a transient failure re-runs the unit, 0 for never
         * @return this builder
         */
        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        /**
         * Sets whether a commit whose outcome is unknown is resolved by asking the database; see
         * {@link UnitOfWork#resolveUnknownCommit()}.
         *
         * @param resolve whether to resolve an unknown commit outcome, at one round trip per commit
         * @return this builder
         */
        public Builder resolveUnknownCommit(boolean resolve) {
            this.resolveUnknownCommit = resolve;
            return this;
        }

        /**
         * Sets how long the unit may hold its connection before it is reported, instead of its
         * database's budget; see {@link UnitOfWork#connectionHoldBudgetMillis()}.
         *
         * @param millis the budget in milliseconds; 0 for no limit, -1 (the default) for the database's
         * @return this builder
         */
        public Builder connectionHoldBudgetMillis(long millis) {
            this.connectionHoldBudgetMillis = millis;
            return this;
        }

        /**
         * Checks the attributes against each other and builds the boundary.
         *
         * @return the boundary
         * @throws BoundaryConfigurationException when the attributes contradict each other; the message
         *     names the boundary and the attribute to change
         */
        public Boundary build() {
            BoundaryAttributes.check(name, propagation, timeoutSeconds, connectionHoldBudgetMillis, retries, rollbackFor,
                    noRollbackFor);
            return new Boundary(this);
        }
    }
}
