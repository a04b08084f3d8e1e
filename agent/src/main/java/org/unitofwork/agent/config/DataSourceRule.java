package org.unitofwork.agent.config;

import org.unitofwork.JoinMode;

/**
 * A {@code datasource} line of the configuration: instances of an application's data source class
 * to put under units ({@code Database.adopt}) with a database name.
 *
 * @param databaseName the name of the database the instances are adopted as, which units name
 * @param className the fully qualified name of the class that declares {@code getConnection()}
 * @param joinMode what the application's own transactions become inside units
 * @param where the file and line it comes from, for messages
 */
public record DataSourceRule(String databaseName, String className, JoinMode joinMode, String where) {
}
