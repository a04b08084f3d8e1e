/**
 * Which classes the agent weaves, and what it reads of them to choose their methods: the cheap
 * filter every loaded class goes through, and the class file's model (its {@code @UnitOfWork}
 * attributes, names and generic signatures) for the few that pass.
 */
package org.unitofwork.agent.choose;
