package org.unitofwork.jooq;

import java.util.Objects;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DefaultConfiguration;
import org.unitofwork.Database;

/**
 * Gives the units of work of a {@link Database} a jOOQ {@link DSLContext} bound to the unit's
 * connection: {@code session.get(DSLContext.class)}, or a {@code DSLContext} parameter of a
 * {@code @UnitOfWork} method, which the generated wrapper or the agent fills in.
 *
 * <pre>{@code
 * JooqSessions.register(db, SQLDialect.POSTGRES);
 *
 * @UnitOfWork
 * public void rename(DSLContext dsl, long id, String name) {
 *     dsl.update(CUSTOMER).set(CUSTOMER.NAME, name).where(CUSTOMER.ID.eq(id)).execute();
 * }
 * }</pre>
 *
 * <p>Each unit gets its own {@code DSLContext}, shared by the boundaries that join the unit and by
 * its {@code NESTED} boundaries; a {@code REQUIRES_NEW} boundary gets another one, on its own
 * connection. The unit's connection is borrowed when the first statement runs, not when the
 * {@code DSLContext} is handed out. Inside a unit, {@link DSLContext#transaction} runs its block as a
 * {@code NESTED} boundary (a savepoint): a block that throws is undone and the unit goes on, a block
 * that returns becomes part of the unit, which commits or rolls back as a whole when its boundary
 * ends. A {@code DSLContext} is confined to its unit's thread and unusable once the unit has ended.
 */
public final class JooqSessions {

    private JooqSessions() {
    }

    /**
     * Registers the {@code DSLContext} kind on {@code database} with jOOQ's default settings.
     *
     * @param database the database whose units hand out a {@code DSLContext}
     * @param dialect the SQL dialect of the database, for example {@code SQLDialect.POSTGRES}
     * @throws org.unitofwork.DatabaseConfigurationException when {@code database} has a
     *     {@code DSLContext} kind already
     */
    public static void register(Database database, SQLDialect dialect) {
        register(database, new DefaultConfiguration().set(Objects.requireNonNull(dialect, "dialect")));
    }

    /**
     * Registers the {@code DSLContext} kind on {@code database}, each unit's {@code DSLContext} derived
     * from {@code template}: its dialect, settings, listeners, converters and the rest are kept, while
     * its connection provider and transaction provider are replaced by the unit's. The template is
     * copied here: changing it afterwards changes nothing.
     *
     * @param database the database whose units hand out a {@code DSLContext}
     * @param template the configuration to derive each unit's from
     * @throws org.unitofwork.DatabaseConfigurationException when {@code database} has a
     *     {@code DSLContext} kind already
     */
    public static void register(Database database, Configuration template) {
        Objects.requireNonNull(database, "database");
        database.register(new DslContextKind(database, Objects.requireNonNull(template, "template").derive()));
    }
}
