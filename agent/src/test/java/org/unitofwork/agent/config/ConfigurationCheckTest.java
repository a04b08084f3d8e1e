package org.unitofwork.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration checked against the application's class files before anything is woven: each
 * line that cannot work is named with its file and line, and what to write instead.
 */
class ConfigurationCheckTest {
    private static final ClassLoader LOADER = ConfigurationCheckTest.class.getClassLoader();

    @TempDir
    Path directory;

    @Test
    void aDataSourceLineNamingAJdkClassCannotWork() {
        ConfigurationCheck.Findings findings = check(true, "unit com.legacy.* run database=tpcc",
                "datasource tpcc java.sql.DriverManager", "datasource other javax.sql.DataSource");
        assertEquals(2, findings.errors().size(), findings.toString());
        assertTrue(findings.errors().get(0).startsWith("agent.conf:2: datasource tpcc java.sql.DriverManager names a"
                + " class of the JDK, which the agent never weaves."), findings.errors().get(0));
        assertTrue(findings.errors().get(1).startsWith("agent.conf:3: datasource other javax.sql.DataSource names a"
                + " class of the JDK"), findings.errors().get(1));
    }

    @Test
    void aDataSourceLineNamingAnInterfaceOrAClassThatInheritsGetConnectionCannotWork() {
        ConfigurationCheck.Findings findings = check(true, "datasource a com.example.misconfigured.PoolApi",
                "datasource b com.example.misconfigured.InheritingDataSource",
                "datasource c com.example.misconfigured.AbstractPool",
                "datasource d com.example.legacy.LegacyDataSource");
        assertEquals(List.of(
                "agent.conf:1: datasource a com.example.misconfigured.PoolApi names an interface, which has no"
                        + " getConnection() to weave. Name the class that implements it, the application's own pool"
                        + " (com.zaxxer.hikari.HikariDataSource, say).",
                "agent.conf:2: datasource b com.example.misconfigured.InheritingDataSource does not declare"
                        + " getConnection() itself; it inherits it from com.example.legacy.LegacyDataSource. Name"
                        + " com.example.legacy.LegacyDataSource instead: the instances of its subclasses are adopted"
                        + " with it.",
                "agent.conf:3: datasource c com.example.misconfigured.AbstractPool declares getConnection() abstract:"
                        + " name the subclass that implements it."), findings.errors());
        assertEquals(List.of(), findings.warnings());
    }

    @Test
    void aDriverManagerLineCannotTakeANameAnotherLineAdopts() {
        ConfigurationCheck.Findings findings = check(true, "datasource shop com.example.legacy.LegacyDataSource",
                "drivermanager shop jdbc:h2:mem:shop", "drivermanager reports jdbc:h2:mem:a",
                "drivermanager reports jdbc:h2:mem:b");
        assertEquals(List.of(
                "agent.conf:2: database 'shop' is adopted at agent.conf:1 already; one database has one source of"
                        + " connections: give this line another name.",
                "agent.conf:4: database 'reports' is adopted at agent.conf:3 already; one database has one source of"
                        + " connections: give this line another name."), findings.errors());
    }

    @Test
    void aDataSourceClassThatIsNotOnTheClassPathIsAWarning() {
        ConfigurationCheck.Findings findings = check(true, "datasource shop com.example.legacy.LegacyDataSourse");
        assertEquals(List.of(), findings.errors());
        assertEquals(List.of("agent.conf:1: datasource shop com.example.legacy.LegacyDataSourse: there is no such class"
                + " on the application's class path at start. Nothing is adopted unless a class of that name is loaded"
                + " later; check the name (nested classes are written Outer$Inner)."), findings.warnings());
    }

    @Test
    void aDatabaseNothingAdoptsIsAnErrorWhenNothingElseCouldRegisterIt() {
        String[] lines = {"unit com.legacy.*Service place* database=shpo", "unit com.legacy.*Dao save*",
            "datasource shop com.example.legacy.LegacyDataSource"};
        ConfigurationCheck.Findings withoutRuntime = check(false, lines);
        assertEquals(List.of(
                "agent.conf:1: database 'shpo' is not adopted by any line (the configuration adopts only 'shop'), and"
                        + " the application has no unitofwork runtime of its own that could register it. Did you mean"
                        + " 'shop'? Correct database=, or add a line 'datasource shpo <the application's DataSource"
                        + " class>' or 'drivermanager shpo <its JDBC URL>'.",
                "agent.conf:2: database 'default' is not adopted by any line (the configuration adopts only 'shop'),"
                        + " and the application has no unitofwork runtime of its own that could register it. Correct"
                        + " database= (a unit line without it means 'default'), or add a line 'datasource default <the"
                        + " application's DataSource class>' or 'drivermanager default <its JDBC URL>'."),
                withoutRuntime.errors());

        // the application's own code may register them: a likely typo is said, the rest waits for the first call
        ConfigurationCheck.Findings withRuntime = check(true, lines);
        assertEquals(List.of(), withRuntime.errors());
        assertEquals(List.of("agent.conf:1: database 'shpo' is not adopted by any line (the configuration adopts only"
                + " 'shop'). Did you mean 'shop'? Unless the application registers 'shpo' itself, the methods of this"
                + " line fail when first called."), withRuntime.warnings());
    }

    @Test
    void aConfigurationFileThatCannotBeReadIsNamedWithItsAbsolutePathAndTheReason() {
        IOException missing = assertThrows(IOException.class, () -> Configuration.read(Path.of("nope.conf")));
        assertTrue(missing.getMessage().startsWith("cannot read the configuration file "
                + Path.of("nope.conf").toAbsolutePath() + ": there is no such file. Give config= the path of a"
                + " readable file"), missing.getMessage());
        IOException folder = assertThrows(IOException.class, () -> Configuration.read(directory));
        assertTrue(folder.getMessage().startsWith("cannot read the configuration file " + directory
                + ": it is a directory."), folder.getMessage());
    }

    private static ConfigurationCheck.Findings check(boolean applicationHasRuntime, String... lines) {
        return ConfigurationCheck.check(Configuration.parse("agent.conf", List.of(lines)), LOADER, applicationHasRuntime);
    }
}
