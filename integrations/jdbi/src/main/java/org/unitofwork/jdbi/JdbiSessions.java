package org.unitofwork.jdbi;

import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.unitofwork.Database;

/**
 * Gives the units of work of a {@link Database} a JDBI {@link Handle} on the unit's connection:
 * {@code session.get(Handle.class)}, or a {@code Handle} parameter of a {@code @UnitOfWork} method,
 * which the generated wrapper or the agent fills in.
 *
 * <pre>{@code
 * Jdbi jdbi = Jdbi.create(db.dataSource()).installPlugin(new SqlObjectPlugin());
 * JdbiSessions.register(db, jdbi);
 *
 * @UnitOfWork
 * public void rename(Handle handle, long id, String name) {
 *     handle.execute("update customer set name = ? where id = ?", name, id);
 * }
 * }</pre>
 *
 * <p>Each unit gets its own {@code Handle}, opened by the registered {@code Jdbi} (with its plugins,
 * mappers and other configuration) on the unit's connection, shared by the boundaries that join the
 * unit and by its {@code NESTED} boundaries, and closed when the unit ends; a {@code REQUIRES_NEW}
 * boundary gets another one, on its own connection. The handle is in the unit's transaction:
 * {@link Handle#inTransaction} and {@link Handle#useTransaction} join it, as JDBI joins any transaction
 * its handle is already in, so their work commits or rolls back with the unit; {@link Handle#commit()}
 * and {@link Handle#rollback()} are refused by the unit's connection, since the unit's boundary decides
 * how the unit ends (on an {@linkplain Database#adopt adopted} database, whose data source absorbs the
 * transaction calls of legacy code, {@code commit()} does nothing and {@code rollback()} dooms the
 * unit). A handle is confined to its unit's thread, and borrows the unit's connection as it opens.
 */
public final class JdbiSessions {

    private JdbiSessions() {
    }

    /**
     * Registers the {@code Handle} kind on {@code database}: each unit's handle is opened by {@code jdbi}.
     *
     * @param database the database whose units hand out a {@code Handle}
     * @param jdbi the application's {@code Jdbi}, created with {@code Jdbi.create(database.dataSource())}
     *     so that inside a unit it opens its handles on the unit's connection; configure its plugins and
     *     mappers as usual, before or after registering it
     * @throws org.unitofwork.DatabaseConfigurationException when {@code database} has a {@code Handle}
     *     kind already
     */
    public static void register(Database database, Jdbi jdbi) {
        Objects.requireNonNull(database, "database");
        database.register(new HandleKind(database, Objects.requireNonNull(jdbi, "jdbi")));
    }
}
