package org.unitofwork;

import java.sql.Connection;
import java.util.function.Consumer;

/**
 * The database session of one unit of work on one thread: what SQLAlchemy's {@code scoped_session}
 * hands out inside a managed session.
 *
 * <p>A session is opened by a boundary ({@link Database#run(SessionAction)}, a {@link Boundary}, a
 * generated wrapper or a woven method) and ends with it. Code deeper down joins it through {@link
 * #current()} instead of passing it around. It is confined to the thread that opened it: every method
 * called from another thread throws {@link WrongThreadException}.
 */
public sealed interface Session permits Unit {

    /**
     * The session of the unit active on this thread for the {@linkplain Database#DEFAULT_NAME default}
     * database.
     *
     * @return the active session
     * @throws NoActiveUnitException when no unit is active on this thread
     * @throws DatabaseConfigurationException when no database named {@code "default"} is registered
     */
    static Session current() {
        return Database.named(Database.DEFAULT_NAME).units.current();
    }

    /**
     * The session of the unit active on this thread for the named database.
     *
     * @param database the database's name
     * @return the active session
     * @throws NoActiveUnitException when no unit is active on this thread for that database
     * @throws DatabaseConfigurationException when no database of that name is registered
     */
    static Session current(String database) {
        return Database.named(database).units.current();
    }

    /**
     * The unit's connection, borrowed from the pool on the first call and the same object on every
     * later call. A unit that never calls this borrows nothing and sends nothing to the database.
     *
     * <p>The connection is guarded: {@code close()} does nothing (the unit releases it), while
     * {@code commit()}, {@code rollback()}, {@code setAutoCommit(true)} and {@code abort(…)} throw
     * {@link GuardedConnectionException}, because the boundary decides how the unit ends; and
     * {@code unwrap} never hands out the driver's own connection, only views of its extension
     * interfaces. Statements opened on it are closed when the unit ends at the latest.
     *
     * @return the unit's guarded connection
     * @throws ConnectionUnavailableException when the pool cannot supply a connection
     */
    Connection connection();

    /**
     * The unit's resource of another {@linkplain org.unitofwork.spi.SessionKind session kind}, such as
     * a JPA {@code EntityManager}, a jOOQ {@code DSLContext} or a JDBI {@code Handle}: opened on the
     * unit's connection on the first call, the same object on every later call in the unit (inner
     * joined and nested boundaries included), flushed before the unit commits and closed when it ends.
     *
     * <pre>{@code
     * EntityManager em = Session.current().get(EntityManager.class);
     * }</pre>
     *
     * @param type the resource's type, exactly as its kind was registered
     * @param <T> the resource's type
     * @return the unit's resource
     * @throws DatabaseConfigurationException when the database has no kind registered for {@code type}
     */
    <T> T get(Class<T> type);

    /**
     * The database this session belongs to.
     *
     * @return the database
     */
    Database database();

    /**
     * Whether the session runs a transaction. It does not under {@link Propagation#SUPPORTS},
     * {@link Propagation#NOT_SUPPORTED} and {@link Propagation#NEVER} outside a unit: there the
     * connection is in auto-commit mode and every statement commits as it runs.
     *
     * @return {@code true} when the unit commits or rolls back as a whole
     */
    boolean isTransactional();

    /**
     * Asks for the unit to roll back when it ends, even if its boundary returns normally. The
     * boundary then returns normally and the {@code afterRollback} hooks run. Called inside a
     * {@link Propagation#NESTED} scope, it still dooms the whole unit; to undo only the nested
     * work, throw out of the nested boundary.
     */
    void setRollbackOnly();

    /**
     * Whether the unit will roll back when it ends: {@link #setRollbackOnly()} was called, or an
     * inner boundary that joined the unit failed.
     *
     * @return {@code true} when the unit can no longer commit
     */
    boolean isRollbackOnly();

    /**
     * Runs {@code hook} after the outermost unit has committed and its connection is back in the
     * pool. Hooks run in the order they were registered; a failing hook does not undo the commit
     * nor stop the other hooks. A hook registered inside a {@link Propagation#NESTED} scope that
     * rolls back to its savepoint is discarded with the scope's work.
     *
     * @param hook the code to run, for example to publish an event about committed work
     */
    void afterCommit(Runnable hook);

    /**
     * Runs {@code hook} after the outermost unit has rolled back and its connection is back in the
     * pool, in registration order with the other hooks.
     *
     * @param hook the code to run
     */
    void afterRollback(Runnable hook);

    /**
     * Runs {@code hook} with the outcome after the outermost unit has ended, whatever the outcome,
     * in registration order with the other hooks.
     *
     * @param hook the code to run
     */
    void afterCompletion(Consumer<Outcome> hook);
}
