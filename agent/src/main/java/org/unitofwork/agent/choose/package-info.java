/**
 * Which classes and methods the agent weaves, read from their class files without loading a class:
 * the cheap filter every loaded class goes through, the class file's model for the few that pass
 * ({@code @UnitOfWork}'s attributes, names, generic signatures, parameters' names), and the
 * {@link org.unitofwork.agent.choose.MethodChooser}, which makes of it a
 * {@link org.unitofwork.agent.choose.Plan}: each chosen method with its boundary, named and
 * injected by the conventions the processor follows too.
 */
package org.unitofwork.agent.choose;
