package org.unitofwork.agent.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.unitofwork.Database;

/**
 * Checks the configuration against the application before anything is woven, so that a line that
 * cannot work is said at start (and in a dry run) rather than by the application's first woven
 * call: a {@code datasource} line naming an interface, a JDK class or a class that only inherits
 * {@code getConnection()}, and a {@code database=} that nothing can register. Class files are read
 * as resources of the system class loader, never loaded.
 */
public final class ConfigurationCheck {
    private static final String GET_CONNECTION = "()Ljava/sql/Connection;";
    private static final String[] JDK_PREFIXES = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    /**
     * What the check found: errors keep the agent from starting, warnings are said and it goes on.
     *
     * @param errors the lines that cannot work, with what to write instead
     * @param warnings what may work, or not, with why
     */
    public record Findings(List<String> errors, List<String> warnings) {
    }

    private ConfigurationCheck() {
    }

    /**
     * Checks a configuration against the application's class files.
     *
     * @param configuration the configuration read
     * @param loader where the application's classes are found: the system class loader
     * @param applicationHasRuntime whether the application has its own copy of the runtime, with which
     *     its code may register databases that no line of the configuration adopts
     * @return the errors and the warnings, each naming its line
     */
    public static Findings check(Configuration configuration, ClassLoader loader, boolean applicationHasRuntime) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (DataSourceRule rule : configuration.dataSources()) {
            checkDataSource(rule, loader, errors, warnings);
        }
        // by name, where a line adopts it; a drivermanager line registers its database at start, so that
        // no other line can have its name afterwards
        Map<String, String> adoptedAt = new LinkedHashMap<>();
        for (DataSourceRule rule : configuration.dataSources()) {
            adoptedAt.putIfAbsent(rule.databaseName(), rule.where());
        }
        for (DriverManagerRule rule : configuration.driverManagers()) {
            String earlier = adoptedAt.putIfAbsent(rule.databaseName(), rule.where());
            if (earlier != null) {
                errors.add(rule.where() + ": database '" + rule.databaseName() + "' is adopted at " + earlier
                        + " already; one database has one source of connections: give this line another name.");
            }
        }
        Set<String> adopted = adoptedAt.keySet();
        Set<String> reported = new LinkedHashSet<>();
        for (UnitRule rule : configuration.units()) {
            String database = rule.attributes().database();
            if (adopted.contains(database) || !reported.add(database)) {
                continue;
            }
            String near = null;
            for (String name : adopted) {
                if (nearlyEqual(database, name)) {
                    near = name;
                }
            }
            String lines = adopted.isEmpty() ? "no line of the configuration adopts a database"
                    : "the configuration adopts only " + quoted(adopted);
            String guess = near == null ? "" : " Did you mean '" + near + "'?";
            if (!applicationHasRuntime) {
                errors.add(rule.where() + ": database '" + database + "' is not adopted by any line (" + lines + "), and"
                        + " the application has no unitofwork runtime of its own that could register it." + guess
                        + " Correct database=" + (Database.DEFAULT_NAME.equals(database)
                        ? " (a unit line without it means 'default')" : "") + ", or add a line 'datasource " + database
                        + " <the application's DataSource class>' or 'drivermanager " + database + " <its JDBC URL>'.");
            } else if (near != null) {
                warnings.add(rule.where() + ": database '" + database + "' is not adopted by any line (" + lines + ")."
                        + guess + " Unless the application registers '" + database + "' itself, the methods of this line"
                        + " fail when first called.");
            }
        }
        return new Findings(List.copyOf(errors), List.copyOf(warnings));
    }

    private static void checkDataSource(DataSourceRule rule, ClassLoader loader, List<String> errors,
            List<String> warnings) {
        String className = rule.className();
        String where = rule.where() + ": datasource " + rule.databaseName() + " " + className;
        for (String prefix : JDK_PREFIXES) {
            if (className.startsWith(prefix)) {
                errors.add(where + " names a class of the JDK, which the agent never weaves. Name the application's"
                        + " own data source class, the one whose getConnection() it calls (com.zaxxer.hikari.HikariDataSource"
                        + " for a HikariCP pool)" + (className.equals("java.sql.DriverManager")
                        ? "; connections taken from DriverManager cannot be adopted with a datasource line" : "") + ".");
                return;
            }
        }
        try {
            ClassOutline outline = ClassOutline.find(loader, className.replace('.', '/'));
            if (outline == null) {
                warnings.add(where + ": there is no such class on the application's class path at start. Nothing is"
                        + " adopted unless a class of that name is loaded later; check the name (nested classes are"
                        + " written Outer$Inner).");
                return;
            }
            if (outline.isInterface()) {
                errors.add(where + " names an interface, which has no getConnection() to weave. Name the class that"
                        + " implements it, the application's own pool (com.zaxxer.hikari.HikariDataSource, say).");
                return;
            }
            ClassOutline.Method own = outline.method("getConnection", GET_CONNECTION);
            if (own != null && (own.access() & ClassOutline.ACC_ABSTRACT) != 0) {
                errors.add(where + " declares getConnection() abstract: name the subclass that implements it.");
            } else if (own == null) {
                String declaring = declaringSuperclass(outline, loader);
                errors.add(where + " does not declare getConnection() itself" + (declaring == null
                        ? ", nor does any superclass on the class path: name the class that does."
                        : "; it inherits it from " + declaring + ". Name " + declaring + " instead: the instances of"
                        + " its subclasses are adopted with it."));
            }
        } catch (IOException e) {
            warnings.add(where + ": its class file could not be read (" + e.getMessage() + "); it is checked again"
                    + " when the class loads.");
        }
    }

    /** The first superclass that declares a concrete {@code getConnection()}, or null. */
    private static String declaringSuperclass(ClassOutline outline, ClassLoader loader) throws IOException {
        for (String superName = outline.superName(); superName != null; ) {
            ClassOutline superclass = ClassOutline.find(loader, superName);
            if (superclass == null) {
                return null;
            }
            ClassOutline.Method method = superclass.method("getConnection", GET_CONNECTION);
            if (method != null && (method.access() & ClassOutline.ACC_ABSTRACT) == 0) {
                return superName.replace('/', '.');
            }
            superName = superclass.superName();
        }
        return null;
    }

    private static String quoted(Set<String> names) {
        List<String> quoted = new ArrayList<>();
        for (String name : names) {
            quoted.add("'" + name + "'");
        }
        return String.join(", ", quoted);
    }

    /** Whether two names differ only in letter case or by one or two edits: a typo, most likely. */
    static boolean nearlyEqual(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        if (Math.abs(x.length() - y.length()) > 2) {
            return false;
        }
        int[][] distance = new int[x.length() + 1][y.length() + 1];
        for (int i = 0; i <= x.length(); i++) {
            for (int j = 0; j <= y.length(); j++) {
                distance[i][j] = i == 0 ? j : j == 0 ? i : Math.min(
                        distance[i - 1][j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1),
                        Math.min(distance[i - 1][j], distance[i][j - 1]) + 1);
            }
        }
        return distance[x.length()][y.length()] <= 2;
    }
}
