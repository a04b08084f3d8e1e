package org.unitofwork.spi;

import org.unitofwork.Outcome;
import org.unitofwork.Session;

/**
 * A kind of session a unit of work can hand out besides its JDBC connection: an object of another
 * data-access library (a JPA {@code EntityManager}, a jOOQ {@code DSLContext}, a JDBI {@code Handle})
 * bound to the unit's connection, whose lifecycle the unit drives.
 *
 * <p>A kind is registered on a database with {@link org.unitofwork.Database#register(SessionKind)}.
 * From then on {@link Session#get(Class)} returns the unit's resource of that {@linkplain #type()
 * type}, opened on first use and the same object for the whole unit, inner joined and nested
 * boundaries included; generated wrappers and woven methods inject it into parameters of that type
 * as they inject a {@code Session}. The unit then:
 * <ol>
 * <li>{@linkplain #flush flushes} it before it commits, and around a {@code NESTED} boundary (before
 *     it sets its savepoint, and as it ends without rolling back), so that what the resource holds
 *     back reaches the database in the right place. A flush that throws fails what it was for: before
 *     the commit, the unit rolls back and its boundary throws the flush's exception; as a nested
 *     boundary ends, that boundary rolls back to its savepoint and throws it; before a savepoint, the
 *     nested boundary throws it before its work runs;</li>
 * <li>tells it when a {@code NESTED} boundary {@linkplain #rolledBackToSavepoint rolled back to its
 *     savepoint}, so that it forgets state the database no longer has;</li>
 * <li>{@linkplain #close closes} it once the unit has committed or rolled back, before the connection
 *     goes back to the pool.</li>
 * </ol>
 * All three run on the unit's thread. Implementations must be thread-safe: one kind serves every
 * unit of its database.
 *
 * @param <T> the type of the resource
 */
public interface SessionKind<T> {

    /**
     * The type a unit hands out, matched exactly by {@link Session#get(Class)} and by injected
     * parameters.
     *
     * @return the resource's type, for example {@code EntityManager.class}
     */
    Class<T> type();

    /**
     * Opens the unit's resource, the first time the unit is asked for it. It must use the unit's
     * connection ({@code session.connection()}, which borrows it if the unit has not yet) and never one
     * of its own, so that its work commits and rolls back with the unit.
     *
     * @param session the unit's session
     * @return the resource, never null
     * @throws Exception when it cannot be opened: the unit's boundary then throws it (checked
     *     exceptions wrapped in an {@link org.unitofwork.UnitOfWorkException})
     */
    T open(Session session) throws Exception;

    /**
     * Sends what the resource holds back to the database: called before the unit commits, before a
     * {@code NESTED} boundary inside it sets its savepoint, and as such a boundary ends without rolling
     * back. Does nothing by default.
     *
     * @param resource the unit's resource
     * @throws Exception when the pending work cannot be written: what it was written for fails (see
     *     above)
     */
    default void flush(T resource) throws Exception {
    }

    /**
     * Called after a {@code NESTED} boundary rolled the unit back to its savepoint: drop whatever the
     * resource remembers of work that is no longer in the database. Does nothing by default.
     *
     * @param resource the unit's resource
     * @throws Exception when the resource cannot be brought back in line: the unit then can only roll back
     */
    default void rolledBackToSavepoint(T resource) throws Exception {
    }

    /**
     * Ends the resource once the unit has ended, before its connection goes back to the pool. Neither
     * the session nor its connection is usable here: the resource must send nothing more. Does nothing
     * by default.
     *
     * @param resource the unit's resource
     * @param outcome how the unit ended
     * @throws Exception when closing fails: the outcome stands, and the failure is added to the
     *     boundary's exception or, when there is none, logged
     */
    default void close(T resource, Outcome outcome) throws Exception {
    }
}
