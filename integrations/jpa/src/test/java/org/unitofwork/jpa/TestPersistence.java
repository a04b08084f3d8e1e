package org.unitofwork.jpa;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.unitofwork.Database;

/** Entity manager factories set up as the README tells users to, over a test's own table. */
final class TestPersistence {

    private TestPersistence() {
    }

    /** A factory over {@code db.dataSource()} that maps {@link Row} to {@code table}. */
    static EntityManagerFactory rows(Database db, String table) {
        return new HibernatePersistenceConfiguration("rows-" + table)
                .managedClasses(Row.class)
                .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, db.dataSource())
                .property(AvailableSettings.PHYSICAL_NAMING_STRATEGY, new TableNamed(table))
                .createEntityManagerFactory();
    }

    /** Tests share servers, so each uses a table of a unique name: the mapping's name is replaced by it. */
    private static final class TableNamed extends PhysicalNamingStrategyStandardImpl {
        private final String table;

        TableNamed(String table) {
            this.table = table;
        }

        @Override
        public Identifier toPhysicalTableName(Identifier logicalName, JdbcEnvironment context) {
            return logicalName.getText().equals(Row.LOGICAL_TABLE) ? Identifier.toIdentifier(table) : logicalName;
        }
    }
}
