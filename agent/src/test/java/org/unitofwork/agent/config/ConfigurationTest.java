package org.unitofwork.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unitofwork.Boundary;
import org.unitofwork.Isolation;
import org.unitofwork.JoinMode;
import org.unitofwork.Propagation;

/** The configuration file and the name patterns: what they accept and what they say. */
class ConfigurationTest {

    @Test
    void unitLinesCarryTheAttributesOfTheAnnotation() throws Exception {
        Configuration configuration = Configuration.parse("agent.conf", List.of(
                "# legacy DAOs",
                "unit com.legacy.dao.*Dao save*   database=shop retries=2 isolation=serializable resolveUnknownCommit=true"
                        + " connectionHoldBudgetMillis=500",
                "unit com.legacy.dao.*Dao find*   readOnly=true propagation=SUPPORTS   # reads",
                "unit com.legacy.** handle* rollbackFor=java.io.IOException noRollbackFor=java.lang.IllegalStateException",
                "",
                "datasource shop com.zaxxer.hikari.HikariDataSource",
                "datasource jobs com.legacy.JobPool joinMode=rollback_only"));
        assertEquals(3, configuration.units().size());
        UnitRule save = configuration.units().get(0);
        Boundary boundary = save.attributes().boundary("OrderDao.save(Order)", getClass().getClassLoader());
        assertEquals("shop", boundary.databaseName());
        assertEquals(2, boundary.retries());
        assertTrue(boundary.resolveUnknownCommit());
        assertEquals(500, boundary.connectionHoldBudgetMillis());
        assertEquals(Isolation.SERIALIZABLE, boundary.isolation());
        assertEquals("agent.conf:2", save.where());
        UnitAttributes find = configuration.units().get(1).attributes();
        assertTrue(find.readOnly());
        assertFalse(find.resolveUnknownCommit());
        assertEquals(-1, find.connectionHoldBudgetMillis(), "the database's budget");
        assertEquals(Propagation.SUPPORTS, find.propagation());
        Boundary rules = configuration.units().get(2).attributes().boundary("X.handle()", getClass().getClassLoader());
        assertEquals(List.of(IOException.class), rules.rollbackFor());
        assertEquals(List.of(IllegalStateException.class), rules.noRollbackFor());
        assertEquals(new DataSourceRule("shop", "com.zaxxer.hikari.HikariDataSource", JoinMode.SAVEPOINT, "agent.conf:6"),
                configuration.dataSources().get(0));
        assertEquals(new DataSourceRule("jobs", "com.legacy.JobPool", JoinMode.ROLLBACK_ONLY, "agent.conf:7"),
                configuration.dataSources().get(1));
    }

    @Test
    void driverManagerLinesNameAUrlOrItsBeginning() {
        Configuration configuration = Configuration.parse("agent.conf", List.of(
                "drivermanager tpcc jdbc:postgresql://127.0.0.1:5432/tpcc*",
                "drivermanager shop jdbc:h2:mem:shop joinMode=ROLLBACK_ONLY"));
        DriverManagerRule tpcc = configuration.driverManagers().get(0);
        assertEquals(JoinMode.SAVEPOINT, tpcc.joinMode());
        assertTrue(tpcc.matches("jdbc:postgresql://127.0.0.1:5432/tpcc?reWriteBatchedInserts=true"));
        assertFalse(tpcc.matches("jdbc:postgresql://127.0.0.1:5432/shop"));
        DriverManagerRule shop = configuration.driverManagers().get(1);
        assertEquals(JoinMode.ROLLBACK_ONLY, shop.joinMode());
        assertTrue(shop.matches("jdbc:h2:mem:shop"));
        assertFalse(shop.matches("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1"), "without a final *, the whole URL");
    }

    @Test
    void malformedLinesAreRefusedWithTheLineAndWhatToWrite() {
        assertMessage("agent.conf:1: unknown attribute 'readonly'; the attributes are those of @UnitOfWork",
                "unit a.B c readonly=true");
        assertMessage("agent.conf:1: 'SOMETIMES' is not a Propagation; use one of REQUIRED, REQUIRES_NEW",
                "unit a.B c propagation=SOMETIMES");
        assertMessage("agent.conf:1: Boundary agent.conf:1: retries = 1 cannot work with propagation NEVER",
                "unit a.B c propagation=NEVER retries=1");
        assertMessage("agent.conf:1: a unit line names a class pattern and a method pattern", "unit a.B");
        assertMessage("agent.conf:1: a line starts with 'unit', 'datasource' or 'drivermanager', not 'units'",
                "units a.B c");
        assertMessage("agent.conf:1: 'postgresql://db/tpcc' is not a JDBC URL, nor the beginning of one followed by a"
                + " single final *", "drivermanager tpcc postgresql://db/tpcc");
        assertMessage("agent.conf:1: 'jdbc:postgresql://*/tpcc' is not a JDBC URL", "drivermanager tpcc jdbc:postgresql://*/tpcc");
        assertMessage("agent.conf:2: jdbc:h2:mem:a is already adopted as 'a' at agent.conf:1",
                "drivermanager a jdbc:h2:mem:a", "drivermanager b jdbc:h2:mem:a");
        assertMessage("agent.conf:1: a drivermanager line names a database and the JDBC URL", "drivermanager tpcc");
        assertMessage("agent.conf:1: timeoutSeconds is a whole number, not 'soon'", "unit a.B c timeoutSeconds=soon");
        assertMessage("agent.conf:1: 'joinMode=NESTED' is not a join mode; write joinMode=SAVEPOINT (the default",
                "datasource one a.Pool joinMode=NESTED");
        assertMessage("agent.conf:2: a.Pool is already adopted as 'one' at agent.conf:1",
                "datasource one a.Pool", "datasource two a.Pool");
    }

    @Test
    void anExceptionClassThatDoesNotExistIsNamedWhenTheClassIsWoven() throws Exception {
        UnitAttributes attributes = Configuration.parse("agent.conf", List.of("unit a.B c rollbackFor=com.nowhere.Gone"))
                .units().get(0).attributes();
        assertThrows(ClassNotFoundException.class, () -> attributes.boundary("B.c()", getClass().getClassLoader()));
    }

    @Test
    void classPatternsKeepToOnePackageLevelPerStar() {
        NamePattern daos = NamePattern.forClasses("com.legacy.dao.*Dao");
        assertTrue(daos.matches("com.legacy.dao.OrderDao"));
        assertFalse(daos.matches("com.legacy.dao.impl.OrderDao"));
        assertFalse(daos.matches("com.legacy.dao.OrderDaoHelper"));
        assertTrue(NamePattern.forClasses("com.legacy.**Dao").matches("com.legacy.dao.impl.OrderDao"));
        assertTrue(NamePattern.forClasses("com.legacy.Outer$Inner").matches("com.legacy.Outer$Inner"));
        assertTrue(NamePattern.forMethods("save*").matches("saveOrder"));
        assertFalse(NamePattern.forMethods("save*").matches("resave"));
    }

    private static void assertMessage(String start, String... lines) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Configuration.parse("agent.conf", List.of(lines)));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
