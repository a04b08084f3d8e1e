package org.unitofwork.agent.adopt;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.unitofwork.Database;
import org.unitofwork.DatabaseConfigurationException;
import org.unitofwork.agent.config.DriverManagerRule;
import org.unitofwork.agent.report.AgentLog;

/**
 * Where the application's calls to {@code DriverManager.getConnection} go once woven: a URL that a
 * {@code drivermanager} line of the configuration names gets its connection from the database that
 * line adopted, which is the unit's connection inside a unit and, outside any, a connection opened
 * by {@code DriverManager} with the same URL and credentials, as before. Other URLs go to
 * {@code DriverManager} unchanged. Woven classes call its {@code getConnection} methods; the rest is for
 * the agent's own packages.
 */
public final class AdoptedDriverManager {
    private static volatile List<DriverManagerSource> sources = List.of();

    private AdoptedDriverManager() {
    }

    /**
     * Adopts a database for each {@code drivermanager} line, so that units naming it can begin before
     * the application's first connection. Called once the transformer is installed: adopting loads the
     * runtime, whose classes a {@code datasource} line may name.
     *
     * @param rules the configuration's drivermanager lines
     * @param log where the adoptions and failures are said
     */
    public static void adopt(List<DriverManagerRule> rules, AgentLog log) {
        List<DriverManagerSource> adopted = new ArrayList<>();
        for (DriverManagerRule rule : rules) {
            DriverManagerSource source = new DriverManagerSource(rule);
            try {
                source.database = Database.adopt(rule.databaseName(), source, rule.joinMode());
                log.report("adopted connections from DriverManager for " + rule.url() + " as database '"
                        + rule.databaseName() + "' (join mode " + rule.joinMode() + ", " + rule.where() + ")");
            } catch (DatabaseConfigurationException e) {
                log.warnOnce(rule.where(), rule.where() + ": connections from DriverManager for " + rule.url()
                        + " are not put under units: " + e.getMessage());
                continue;
            }
            adopted.add(source);
        }
        sources = List.copyOf(adopted);
    }

    /**
     * In place of {@link DriverManager#getConnection(String)}.
     *
     * @param url the JDBC URL the application asks for
     * @return the connection
     * @throws SQLException what {@code DriverManager} or the unit throws
     */
    public static Connection getConnection(String url) throws SQLException {
        DriverManagerSource source = sourceFor(url);
        return source == null ? DriverManager.getConnection(url) : source.connectionFor(url, new Properties());
    }

    /**
     * In place of {@link DriverManager#getConnection(String, Properties)}.
     *
     * @param url the JDBC URL the application asks for
     * @param info the connection properties, {@code user} and {@code password} usually among them
     * @return the connection
     * @throws SQLException what {@code DriverManager} or the unit throws
     */
    public static Connection getConnection(String url, Properties info) throws SQLException {
        DriverManagerSource source = sourceFor(url);
        return source == null ? DriverManager.getConnection(url, info)
                : source.connectionFor(url, info == null ? new Properties() : info);
    }

    /**
     * In place of {@link DriverManager#getConnection(String, String, String)}.
     *
     * @param url the JDBC URL the application asks for
     * @param user the user, or null
     * @param password the password, or null
     * @return the connection
     * @throws SQLException what {@code DriverManager} or the unit throws
     */
    public static Connection getConnection(String url, String user, String password) throws SQLException {
        DriverManagerSource source = sourceFor(url);
        if (source == null) {
            return DriverManager.getConnection(url, user, password);
        }
        Properties info = new Properties();
        if (user != null) {
            info.put("user", user);
        }
        if (password != null) {
            info.put("password", password);
        }
        return source.connectionFor(url, info);
    }

    /**
     * Whether the application called DriverManager for a URL of the line in this run.
     *
     * @param rule a drivermanager line
     * @return whether a woven call asked for one of its URLs
     */
    public static boolean called(DriverManagerRule rule) {
        for (DriverManagerSource source : sources) {
            if (source.rule() == rule && source.called()) {
                return true;
            }
        }
        return false;
    }

    private static DriverManagerSource sourceFor(String url) {
        if (url != null) {
            for (DriverManagerSource source : sources) {
                if (source.rule().matches(url)) {
                    return source;
                }
            }
        }
        return null;
    }
}
