package org.unitofwork.jpa;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.unitofwork.Database;
import org.unitofwork.DatabaseConfigurationException;
import org.unitofwork.scenarios.TestDatabase;

/** Registration refuses, with a reason, what the kind cannot work with. */
class JpaSessionsTest {
    private Database db;

    @BeforeEach
    void open() {
        db = TestDatabase.H2.build(TestDatabase.uniqueName("jpa"), TestDatabase.H2.newUrl(), 2);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anotherProvidersFactoryIsRefusedNamingItAndWhatIsSupported() {
        PersistenceException unwrapRefused = new PersistenceException("cannot unwrap");
        EntityManagerFactory other = (EntityManagerFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EntityManagerFactory.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "isOpen":
                            return true;
                        case "unwrap":
                            throw unwrapRefused;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JpaSessions.register(db, other));
        assertTrue(e.getMessage().contains(other.getClass().getName()), e.getMessage());
        assertTrue(e.getMessage().contains("Hibernate ORM"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + db.name() + "'"), e.getMessage());
        assertSame(unwrapRefused, e.getCause());
    }

    @Test
    void aClosedFactoryIsRefused() {
        EntityManagerFactory emf = TestPersistence.rows(db, "closed_rows");
        emf.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> JpaSessions.register(db, emf));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }

    @Test
    void oneEntityManagerKindPerDatabase() {
        try (EntityManagerFactory emf = TestPersistence.rows(db, "twice_rows")) {
            JpaSessions.register(db, emf);
            assertThrows(DatabaseConfigurationException.class, () -> JpaSessions.register(db, emf));
        }
    }
}
