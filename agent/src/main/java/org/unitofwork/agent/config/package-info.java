/**
 * The agent's configuration file: {@code unit}, {@code datasource} and {@code drivermanager} lines,
 * the attributes of a {@code unit} line, and the check at start that names a line that cannot work
 * (from class files read as resources, never loaded).
 */
package org.unitofwork.agent.config;
