/**
 * How the agent changes a class it chose, with ASM and inline only (method bodies, never members):
 * the boundary protocol around a method's body, an adopted data source's {@code getConnection()} and
 * constructors, redirected {@code DriverManager} calls; and the registry of boundaries that woven code
 * begins.
 */
package org.unitofwork.agent.weave;
