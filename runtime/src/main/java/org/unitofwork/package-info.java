/**
 * Managed database sessions for plain Java: a unit of work per thread that commits when its work
 * returns, rolls back and re-throws the same exception when the work throws, and always gives its
 * connection back to the pool.
 *
 * <p>Where to start:
 * <ul>
 *   <li>{@link org.unitofwork.Database} builds a HikariCP pool (or adopts an application's
 *       {@code DataSource}) and registers it by name; {@link org.unitofwork.Database#run} and
 *       {@link org.unitofwork.Database#call} run work in a unit.</li>
 *   <li>{@link org.unitofwork.Boundary} is a unit's attributes — {@link org.unitofwork.Propagation},
 *       read-only, {@link org.unitofwork.Isolation}, deadline, rollback rules, retries — built once and
 *       run many times.</li>
 *   <li>{@link org.unitofwork.UnitOfWork} puts the same attributes on a method; the annotation processor
 *       ({@code unitofwork-processor}) generates the wrapper that opens the boundary, and the Java agent
 *       ({@code unitofwork-agent}) weaves it into classes compiled without it.</li>
 *   <li>{@link org.unitofwork.Session} is the unit as the work sees it: its guarded connection, its
 *       hooks, and {@link org.unitofwork.Session#current()} for code deep down.</li>
 * </ul>
 *
 * <p>Every exception the runtime throws itself extends {@link org.unitofwork.UnitOfWorkException} and
 * says what to do. Extension points for integrations are in {@link org.unitofwork.spi}.
 */
package org.unitofwork;
