package org.unitofwork.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.unitofwork.Database;
import org.unitofwork.Session;
import org.unitofwork.scenarios.EntryPoint;
import org.unitofwork.scenarios.ProgrammaticEntryPoint;
import org.unitofwork.scenarios.ScenarioSuite;

/**
 * The scenario suite (S1–S19) with every row written by the unit's JPA {@code EntityManager}: persisted,
 * and sent to the database by the unit's flush before it commits (or where a scenario looks at the
 * database from inside the unit), instead of by JDBC statements.
 */
abstract class JpaScenarioSuite extends ScenarioSuite {
    private final List<EntityManagerFactory> factories = new ArrayList<>();

    @Override
    protected EntryPoint entryPoint() {
        return new ProgrammaticEntryPoint();
    }

    @Override
    protected void prepare(Database database, String table) {
        EntityManagerFactory emf = TestPersistence.rows(database, table);
        factories.add(emf);
        JpaSessions.register(database, emf);
    }

    /** Each database's factory maps {@link Row} to that database's table, so {@code table} is implied. */
    @Override
    protected void write(Session session, String table, int id) {
        session.get(EntityManager.class).persist(new Row(id, "row " + id));
    }

    @Override
    protected void flush(Session session) {
        session.get(EntityManager.class).flush();
    }

    /** Runs before the suite closes the databases, as an application closes its factory first. */
    @AfterAll
    void closeFactories() {
        factories.forEach(EntityManagerFactory::close);
    }
}
