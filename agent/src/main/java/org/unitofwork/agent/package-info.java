/**
 * The Java agent: weaves the runtime's boundary protocol into compiled classes as they load, for
 * {@code @UnitOfWork} methods of classes compiled without the processor and for legacy methods a
 * configuration file names, and puts legacy data sources under units of work.
 *
 * <p>{@link org.unitofwork.agent.UnitOfWorkAgent} is the entry point; woven classes call
 * {@link org.unitofwork.agent.WovenBoundaries} and {@link org.unitofwork.agent.AdoptedDataSources}.
 * Everything else is internal. The agent holds no transaction logic: the runtime decides everything.
 */
package org.unitofwork.agent;
