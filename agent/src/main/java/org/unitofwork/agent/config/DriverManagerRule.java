package org.unitofwork.agent.config;

import org.unitofwork.JoinMode;

/**
 * A {@code drivermanager} line of the configuration: the connections an application takes from
 * {@code DriverManager.getConnection} for one JDBC URL, or for every URL that begins with a prefix
 * (written with a final {@code *}), put under units as one database.
 *
 * @param databaseName the name of the database adopted for them, which units name
 * @param url the URL as the line writes it, with its final {@code *} for a prefix
 * @param joinMode what the application's own transactions become inside units
 * @param where the file and line it comes from, for messages
 */
public record DriverManagerRule(String databaseName, String url, JoinMode joinMode, String where) {

    /**
     * Whether the application's URL is this line's: equal, or beginning with its prefix.
     *
     * @param applicationUrl the URL the application passes to DriverManager
     * @return whether it is
     */
    public boolean matches(String applicationUrl) {
        return url.endsWith("*") ? applicationUrl.startsWith(url.substring(0, url.length() - 1))
                : applicationUrl.equals(url);
    }
}
