/**
 * The Java agent: weaves the runtime's boundary protocol into compiled classes as they load, for
 * {@code @UnitOfWork} methods of classes compiled without the processor and for legacy methods a
 * configuration file names, and puts legacy data sources under units of work.
 *
 * <p>{@link org.unitofwork.agent.UnitOfWorkAgent} is the entry point; this package starts the agent,
 * hooks it into class loading, and has each class chosen and woven. The rest is split by what it does:
 * <ul>
 *   <li>{@link org.unitofwork.agent.config}: the configuration file, and its check at start;
 *   <li>{@link org.unitofwork.agent.choose}: which classes and methods are woven, read from their
 *       class files;
 *   <li>{@link org.unitofwork.agent.weave}: how they are woven, and the boundaries woven code begins;
 *   <li>{@link org.unitofwork.agent.adopt}: the legacy data sources and {@code DriverManager}
 *       connections put under units;
 *   <li>{@link org.unitofwork.agent.report}: what the agent says, as it goes and at exit.
 * </ul>
 * Woven classes call {@link org.unitofwork.agent.weave.WovenBoundaries},
 * {@link org.unitofwork.agent.adopt.AdoptedDataSources} and
 * {@link org.unitofwork.agent.adopt.AdoptedDriverManager}. Everything else is internal. The agent holds
 * no transaction logic: the runtime decides everything.
 */
package org.unitofwork.agent;
