package org.unitofwork.spi;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Objects;
import org.unitofwork.Database;
import org.unitofwork.Session;

/**
 * A unit that runs the units of other code on savepoints of its own connection, and rolls all of it
 * back when it ends: what a test harness such as {@code unitofwork-test} opens around each test, so
 * that nothing the test does outlives it. Application code never needs it.
 *
 * <p>While a host is active on a thread, the code it runs sees no unit where it would open one of its
 * own: a boundary with propagation {@code REQUIRED}, {@code REQUIRES_NEW}, {@code NESTED},
 * {@code NOT_SUPPORTED} or {@code NEVER} opens a unit as in production, with its own session, hooks,
 * rules, retries and observers, but that unit runs on a savepoint of the host's connection: its commit
 * releases the savepoint and its rollback rolls back to it. {@code MANDATORY} and {@code SUPPORTS} join
 * the host, as they would join the caller's unit. {@link Session#current()} outside those units returns
 * the host's session. Units on other threads are not hosted: they run as in production.
 *
 * <pre>{@code
 * HostUnit host = HostUnit.open(db, "OrderServiceTest.places()");
 * try {
 *     service.place(order);          // commits for the code, on a savepoint of the host's connection
 *     assertEquals(1, count(host.session().connection()));
 * } finally {
 *     List<String> leaked = host.end();    // rolls everything back
 * }
 * }</pre>
 *
 * <p>Confined to the thread that opened it, like every session.
 */
public final class HostUnit {
    private static final MethodHandle OPEN;
    private static final MethodHandle END;

    static {
        // The runtime's side lives beside Unit, which only its own package may touch; a private lookup
        // within this same library reaches it without making it API.
        try {
            Class<?> hosting = Class.forName("org.unitofwork.Hosting", true, HostUnit.class.getClassLoader());
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(hosting, MethodHandles.lookup());
            OPEN = lookup.findStatic(hosting, "open", MethodType.methodType(Session.class, Database.class, String.class));
            END = lookup.findStatic(hosting, "end", MethodType.methodType(List.class, Session.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Session session;

    private HostUnit(Session session) {
        this.session = session;
    }

    /**
     * Opens a host on the calling thread.
     *
     * @param database the database whose units it hosts
     * @param name how messages name it, such as the test's name
     * @return the host, active until {@link #end()}
     * @throws org.unitofwork.PropagationException when a unit of {@code database} is already active on
     *     this thread: it would commit what the host runs
     * @throws org.unitofwork.DatabaseConfigurationException when {@code database} is closed
     */
    public static HostUnit open(Database database, String name) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(name, "name");
        return new HostUnit((Session) invoke(OPEN, database, name));
    }

    /**
     * The host's session: the one {@link Session#current(String)} returns on this thread outside the
     * units the host runs. Its connection is the one those units run on.
     *
     * @return the session
     */
    public Session session() {
        return session;
    }

    /**
     * Ends the host on its thread: abandons the units still open above it (a boundary began and never
     * ended), then rolls back everything that ran inside it and gives its connection back. Its own
     * {@code afterRollback} and {@code afterCompletion} hooks run.
     *
     * @return one description per unit that was still open, naming its boundary, database and thread;
     *     empty when the code ended every unit it opened
     * @throws org.unitofwork.UnitOfWorkException when a hook failed or the connection could not be
     *     rolled back (it is evicted)
     */
    @SuppressWarnings("unchecked")
    public List<String> end() {
        return (List<String>) invoke(END, session);
    }

    private static Object invoke(MethodHandle handle, Object... arguments) {
        try {
            return handle.invokeWithArguments(arguments);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e); // neither method declares a checked exception
        }
    }

    @Override
    public String toString() {
        return "HostUnit[" + session + "]";
    }
}
