package org.unitofwork.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.RollbackException;
import org.hibernate.FlushMode;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.resource.transaction.spi.TransactionStatus;
import org.unitofwork.Outcome;
import org.unitofwork.Session;
import org.unitofwork.spi.SessionKind;

/**
 * Gives each unit a Hibernate session on the unit's connection, as a JPA {@code EntityManager}, and
 * keeps Hibernate's resource-local transaction in step with the unit's: begun when the session opens,
 * restarted when a nested boundary rolls back to its savepoint, committed or rolled back after the
 * unit did so for real (so that Hibernate's completion callbacks, the second-level cache among them,
 * see the true outcome).
 */
final class EntityManagerKind implements SessionKind<EntityManager> {
    private final SessionFactory factory;

    EntityManagerKind(SessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public Class<EntityManager> type() {
        return EntityManager.class;
    }

    @Override
    public EntityManager open(Session session) {
        UnitConnection connection = new UnitConnection(session);
        org.hibernate.Session hibernate = factory.withOptions().connection(connection.connection()).openSession();
        try {
            // Hibernate writes only inside its own transaction; beginning it sends nothing to the database.
            connection.driving(() -> hibernate.getTransaction().begin());
        } catch (RuntimeException | Error e) {
            hibernate.close();
            throw e;
        }
        return ManagedEntityManager.create(hibernate, connection, session);
    }

    /**
     * Flushes, unless the application set {@link FlushMode#MANUAL} (then it flushes when it says so, as
     * with Hibernate's own transactions). Refuses when Hibernate marked its transaction for rollback: a
     * persistence operation failed inside the unit and the application caught its exception, which
     * leaves the persistence context out of line with the database.
     */
    @Override
    public void flush(EntityManager em) {
        ManagedEntityManager managed = ManagedEntityManager.of(em);
        org.hibernate.Session hibernate = managed.hibernate;
        if (hibernate.getTransaction().getStatus() == TransactionStatus.MARKED_ROLLBACK) {
            throw new RollbackException("Hibernate marked the transaction of the " + em + " for rollback: a"
                    + " persistence operation of the unit failed, and its exception was caught: the unit cannot"
                    + " commit part of its work. Let that exception propagate out of the boundary, or run the"
                    + " operation that may fail in a boundary with propagation NESTED.");
        }
        if (hibernate.getHibernateFlushMode() != FlushMode.MANUAL) {
            hibernate.flush();
        }
    }

    /**
     * Ends Hibernate's transaction as a rollback and begins it again: that empties the persistence
     * context (entities loaded before the nested boundary become detached), drops Hibernate's
     * rollback-only mark of the nested failure, and keeps the second-level cache from taking in state
     * the savepoint undid.
     */
    @Override
    public void rolledBackToSavepoint(EntityManager em) {
        ManagedEntityManager managed = ManagedEntityManager.of(em);
        Transaction transaction = managed.hibernate.getTransaction();
        managed.connection.driving(() -> {
            transaction.rollback();
            transaction.begin();
        });
    }

    @Override
    public void close(EntityManager em, Outcome outcome) {
        ManagedEntityManager managed = ManagedEntityManager.of(em);
        org.hibernate.Session hibernate = managed.hibernate;
        try {
            Transaction transaction = hibernate.getTransaction();
            managed.connection.driving(() -> {
                if (outcome == Outcome.COMMITTED && transaction.getStatus() == TransactionStatus.ACTIVE) {
                    // The unit flushed before its commit and its connection is done: nothing may be sent now.
                    hibernate.setHibernateFlushMode(FlushMode.MANUAL);
                    transaction.commit();
                } else if (transaction.isActive()) {
                    transaction.rollback(); // an unknown outcome too: the cache then forgets rather than guesses
                }
            });
        } finally {
            hibernate.close();
        }
    }

    @Override
    public String toString() {
        return "JPA EntityManager kind over " + factory;
    }
}
