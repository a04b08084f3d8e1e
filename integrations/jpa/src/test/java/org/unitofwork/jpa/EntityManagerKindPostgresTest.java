package org.unitofwork.jpa;

import org.unitofwork.scenarios.TestDatabase;

/** The JPA session kind's promises on Postgres. */
class EntityManagerKindPostgresTest extends EntityManagerKindContract {
    @Override
    protected TestDatabase target() {
        return TestDatabase.POSTGRES;
    }
}
