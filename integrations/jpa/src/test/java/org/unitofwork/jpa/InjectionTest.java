package org.unitofwork.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.unitofwork.Database;
import org.unitofwork.NoActiveUnitException;
import org.unitofwork.Session;
import org.unitofwork.scenarios.TestDatabase;

/**
 * The wrapper the processor generated for {@link Shop} injects the unit's {@code EntityManager}: the
 * marker this module ships tells the processor to, and the registered kind supplies it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InjectionTest {
    static final String DATABASE = "jpa-injection";

    private Database db;
    private EntityManagerFactory emf;
    private final Shop shop = new Shop();
    private final ManagedShop managed = new ManagedShop(shop);

    @BeforeAll
    void open() throws Exception {
        String url = TestDatabase.H2.newUrl();
        TestDatabase.H2.createTable(url, "shop_rows");
        db = TestDatabase.H2.build(DATABASE, url, 2);
        emf = TestPersistence.rows(db, "shop_rows");
        JpaSessions.register(db, emf);
    }

    @AfterAll
    void close() {
        emf.close();
        db.close();
    }

    @Test
    void theGeneratedWrapperInjectsTheUnitsEntityManager() throws Exception {
        managed.open(1, "opened");
        assertFalse(shop.lastUsed.isOpen(), "the injected entity manager ended with its unit");
        managed.rename(1, "renamed"); // a change to a managed entity, flushed before the commit
        assertEquals("renamed", managed.note(1));

        assertThrows(IllegalStateException.class, () -> managed.openThenFail(2));
        Long failed = db.call(session -> session.get(EntityManager.class)
                .createQuery("select count(r) from Row r where r.id = 2", Long.class).getSingleResult());
        assertEquals(0L, failed);

        db.run(session -> assertSame(session.get(EntityManager.class), managed.current()));
        assertEquals(0, db.activeConnections());
        assertThrows(NoActiveUnitException.class, () -> Session.current(DATABASE));
    }
}
