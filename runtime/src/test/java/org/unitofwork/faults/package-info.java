/**
 * Test infrastructure for attacking the runtime at its edges, reusable by every module's tests:
 *
 * <ul>
 *   <li>{@link org.unitofwork.faults.FaultProxy}: a TCP proxy on loopback between a JDBC driver and a
 *       real PostgreSQL or MariaDB server that cuts a connection just before or just after {@code
 *       COMMIT}, holds the answer to {@code COMMIT}, or black-holes everything, switchable while
 *       connections run.
 *   <li>{@link org.unitofwork.faults.PrivateCluster}: a PostgreSQL cluster of a test's own (initdb on a
 *       free loopback port) to restart, give a synchronous standby that never answers, or replicate
 *       to a real hot standby, removed when the test is done. The shared servers are never touched.
 * </ul>
 *
 * <p>Tests using them assert what a user observes (rows, exceptions, hooks, connections in use), never
 * timings; both skip, saying why, where their server is absent, unless {@code
 * UNITOFWORK_REQUIRE_DATABASES=true}.
 */
package org.unitofwork.faults;
