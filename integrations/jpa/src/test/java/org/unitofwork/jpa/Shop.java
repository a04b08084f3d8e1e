package org.unitofwork.jpa;

import jakarta.persistence.EntityManager;
import org.unitofwork.Propagation;
import org.unitofwork.UnitOfWork;

/**
 * Service code as users write it: {@code @UnitOfWork} methods taking the unit's {@code EntityManager}.
 * The processor generates {@code ManagedShop} while the tests compile, and injects the parameter.
 */
public class Shop {

    /** What the injected entity managers were, for the test to look at after the unit. */
    EntityManager lastUsed;

    @UnitOfWork(database = InjectionTest.DATABASE)
    public void open(EntityManager em, int id, String note) {
        lastUsed = em;
        em.persist(new Row(id, note));
    }

    @UnitOfWork(database = InjectionTest.DATABASE)
    public void rename(EntityManager em, int id, String note) {
        em.find(Row.class, id).note(note);
    }

    @UnitOfWork(database = InjectionTest.DATABASE)
    public void openThenFail(EntityManager em, int id) {
        em.persist(new Row(id, "never committed"));
        throw new IllegalStateException("payment refused");
    }

    @UnitOfWork(database = InjectionTest.DATABASE, propagation = Propagation.MANDATORY)
    public EntityManager current(EntityManager em) {
        return em;
    }

    @UnitOfWork(database = InjectionTest.DATABASE, readOnly = true)
    public String note(EntityManager em, int id) {
        return em.find(Row.class, id).note();
    }
}
