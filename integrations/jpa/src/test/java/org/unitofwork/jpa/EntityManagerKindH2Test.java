package org.unitofwork.jpa;

import org.unitofwork.scenarios.TestDatabase;

/** The JPA session kind's promises on H2. */
class EntityManagerKindH2Test extends EntityManagerKindContract {
    @Override
    protected TestDatabase target() {
        return TestDatabase.H2;
    }
}
