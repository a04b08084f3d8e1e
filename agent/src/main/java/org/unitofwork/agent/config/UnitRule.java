package org.unitofwork.agent.config;

/**
 * A {@code unit} line of the configuration: the methods of legacy classes to weave as units of work
 * with the given attributes.
 *
 * @param classes the classes, by fully qualified name
 * @param methods the methods of those classes, by name (every overload)
 * @param attributes the attributes of the units
 * @param where the file and line it comes from, for the report
 */
public record UnitRule(NamePattern classes, NamePattern methods, UnitAttributes attributes, String where) {
}
