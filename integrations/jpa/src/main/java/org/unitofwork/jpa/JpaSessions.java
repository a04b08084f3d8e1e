package org.unitofwork.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.Objects;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.resource.transaction.spi.TransactionCoordinatorBuilder;
import org.unitofwork.Database;

/**
 * Lets the units of a {@link Database} hand out a JPA {@link EntityManager} (Hibernate ORM) that works
 * on the unit's connection and in its transaction.
 *
 * <pre>{@code
 * EntityManagerFactory emf = new HibernatePersistenceConfiguration("shop")
 *         .managedClasses(Order.class)
 *         .property("jakarta.persistence.nonJtaDataSource", db.dataSource())
 *         .createEntityManagerFactory();
 * JpaSessions.register(db, emf);
 *
 * db.run(session -> session.get(EntityManager.class).persist(order));
 * }</pre>
 *
 * <p>From then on {@link org.unitofwork.Session#get(Class) session.get(EntityManager.class)} and
 * injected {@code EntityManager} parameters of {@code @UnitOfWork} methods give the unit's entity
 * manager: one per unit, shared by the boundaries that join it, a new one for a {@code REQUIRES_NEW}
 * unit. The unit owns the transaction:
 * <ul>
 * <li>pending changes are flushed before the unit commits and before a {@code NESTED} boundary sets
 *     its savepoint; a flush that fails (a constraint violation, say) rolls the unit back, and the
 *     boundary throws the persistence exception itself;</li>
 * <li>when the unit rolls back, nothing it held is kept: the entity manager is closed with it;</li>
 * <li>when a {@code NESTED} boundary rolls back to its savepoint, the persistence context is cleared:
 *     entities loaded before it become detached, so load them again;</li>
 * <li>{@code getTransaction()} throws {@link IllegalStateException}, as on a container-managed entity
 *     manager, and {@code close()} does nothing: the unit ends both;</li>
 * <li>the entity manager borrows the unit's connection only when it first needs the database, and is
 *     closed ({@code isOpen()} false) once the unit has ended.</li>
 * </ul>
 */
public final class JpaSessions {

    private JpaSessions() {
    }

    /**
     * Registers the JPA session kind on {@code database}: its units then open their entity managers
     * from {@code entityManagerFactory}, on their own connections.
     *
     * <p>The factory is the application's, and stays so: close it before the database. Build it as a
     * {@code RESOURCE_LOCAL} persistence unit over {@link Database#dataSource()}, which Hibernate uses
     * outside units (to read the database's metadata when it starts, and for entity managers the
     * application creates itself).
     *
     * @param database the database whose units get entity managers
     * @param entityManagerFactory a Hibernate ORM entity manager factory
     * @throws IllegalArgumentException when the factory is not Hibernate ORM's, or runs JTA transactions
     * @throws IllegalStateException when the factory is closed
     * @throws org.unitofwork.DatabaseConfigurationException when the database has an {@code EntityManager}
     *     kind already
     */
    public static void register(Database database, EntityManagerFactory entityManagerFactory) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(entityManagerFactory, "entityManagerFactory");
        if (!entityManagerFactory.isOpen()) {
            throw new IllegalStateException("The EntityManagerFactory " + entityManagerFactory + " is closed: register"
                    + " an open one on database '" + database.name() + "'.");
        }
        SessionFactory factory = hibernate(entityManagerFactory, database);
        if (factory.unwrap(SessionFactoryImplementor.class).getServiceRegistry()
                .requireService(TransactionCoordinatorBuilder.class).isJta()) {
            throw new IllegalArgumentException("The EntityManagerFactory " + entityManagerFactory + " runs JTA"
                    + " transactions, but on database '" + database.name() + "' the unit of work owns the"
                    + " transaction: configure the persistence unit as RESOURCE_LOCAL.");
        }
        database.register(new EntityManagerKind(factory));
    }

    private static SessionFactory hibernate(EntityManagerFactory entityManagerFactory, Database database) {
        if (entityManagerFactory instanceof SessionFactory) {
            return (SessionFactory) entityManagerFactory;
        }
        try {
            return entityManagerFactory.unwrap(SessionFactory.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The EntityManagerFactory " + entityManagerFactory.getClass().getName()
                    + " is not Hibernate ORM's (it does not unwrap to org.hibernate.SessionFactory), so database '"
                    + database.name() + "' cannot open its entity managers on the units' connections. unitofwork-jpa"
                    + " supports Hibernate ORM 7: make org.hibernate.orm:hibernate-core the persistence provider.", e);
        }
    }
}
