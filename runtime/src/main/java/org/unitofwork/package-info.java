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
 *       ({@code unitofwork-agent}) weaves it into classes compiled without it. Both drive the boundary
 *       through {@link org.unitofwork.Scope}.</li>
 *   <li>{@link org.unitofwork.Session} is the unit as the work sees it: its guarded connection, its
 *       hooks, and {@link org.unitofwork.Session#current()} for code deep down.</li>
 * </ul>
 *
 * <p>Every exception the runtime throws itself extends {@link org.unitofwork.UnitOfWorkException} and
 * says what to do. Extension points for integrations are in {@link org.unitofwork.spi}.
 *
 * <p>Where each rule of the behaviour is decided, and the scenario tests that hold it (in the
 * runtime's {@code ScenarioSuite} unless named otherwise); the code carries the rule's number at each
 * decision point, as {@code // S6: …}:
 * <table>
 *   <caption>Rules and the classes that decide them</caption>
 *   <tr><th>rule</th><th>decided in</th><th>tests</th></tr>
 *   <tr><td>S1 boundary: commit on return, rollback and the same exception on a throw</td>
 *       <td>{@code UnitCompletion.end}, {@code Unit.failed}</td><td>{@code s1_…}</td></tr>
 *   <tr><td>S2 release, whatever happens, an {@code Error} included</td>
 *       <td>{@code UnitCompletion.release}, {@code UnitCompletion.discard}, {@code ActiveUnits},
 *       {@code StackHeadroom}</td><td>{@code s2_…}, {@code ErrorInTheMiddleTest},
 *       {@code RealStackOverflowTest}</td></tr>
 *   <tr><td>S3 no masking</td><td>{@code UnitCompletion.cleanupFailed}, {@code UnitCompletion.suppress}</td>
 *       <td>{@code s3_…}</td></tr>
 *   <tr><td>S4 commit failure, eviction, unknown outcome</td>
 *       <td>{@code UnitCompletion.end}, {@code CommitFailures}, {@code CommitResolution},
 *       {@code ConnectionSource.evict}</td><td>{@code s4_…}, {@code CommitOutcomeTest}</td></tr>
 *   <tr><td>S5 join</td><td>{@code Propagations.begin}, {@code JoinedScope}</td><td>{@code s5_…}</td></tr>
 *   <tr><td>S6 rollback-only</td><td>{@code JoinedScope.failed}, {@code Unit.markRollbackOnly},
 *       {@code UnitCompletion.end}, {@code NestedScope}</td><td>{@code s6_…}</td></tr>
 *   <tr><td>S7 REQUIRES_NEW, failing fast on a pool this thread holds</td>
 *       <td>{@code Propagations.begin}, {@code ConnectionSource.borrow}</td><td>{@code s7_…}</td></tr>
 *   <tr><td>S8 NESTED</td><td>{@code Propagations.begin}, {@code NestedScope}</td><td>{@code s8_…}</td></tr>
 *   <tr><td>S9 MANDATORY, NEVER, SUPPORTS, NOT_SUPPORTED</td><td>{@code Propagations.begin}</td>
 *       <td>{@code s9_…}</td></tr>
 *   <tr><td>S10 rollback rules</td><td>{@code RollbackRules}, {@code Boundary.rollsBackOn},
 *       {@code BoundaryAttributes}</td><td>{@code s10_…}</td></tr>
 *   <tr><td>S11 lazy borrow</td><td>{@code Unit.connection}, {@code ConnectionSource.lend}</td>
 *       <td>{@code s11_…}</td></tr>
 *   <tr><td>S12 guarded connection</td><td>{@code ConnectionGuard}, {@code Guard}, the generated
 *       {@code Guarded*}</td><td>{@code s12_…}</td></tr>
 *   <tr><td>S13 thread confinement</td><td>{@code Unit.checkUsable}, {@code Guard},
 *       {@code ActiveUnits.current}</td><td>{@code s13_…}, {@code ConfinementTest}</td></tr>
 *   <tr><td>S14 read-only, S15 isolation</td><td>{@code ConnectionSource.lend},
 *       {@code ConnectionState}, {@code Propagations.checkJoinable}</td><td>{@code s14_…},
 *       {@code s15_…}</td></tr>
 *   <tr><td>S16 deadline</td><td>{@code Deadline}, {@code UnitCompletion.end}</td><td>{@code s16_…},
 *       {@code DeadlineTest}</td></tr>
 *   <tr><td>S17 retries</td><td>{@code Retries}, {@code Unit.failed}</td><td>{@code s17_…}</td></tr>
 *   <tr><td>S18 hooks</td><td>{@code Hooks}</td><td>{@code s18_…}</td></tr>
 *   <tr><td>S19 several databases</td><td>{@code ActiveUnits}, one per {@code Database}</td>
 *       <td>{@code s19_…}</td></tr>
 *   <tr><td>S20 one behaviour</td><td>{@link org.unitofwork.Scope}: the only way in</td>
 *       <td>{@code ScenarioSuite} run by {@code Programmatic*}, {@code Generated*} (processor) and
 *       {@code Woven*ScenarioTest} (agent)</td></tr>
 *   <tr><td>S21 virtual threads</td><td>{@code EagerInitialization}, {@code Propagations.begin}</td>
 *       <td>{@code s21_…}</td></tr>
 *   <tr><td>S22 compile-time errors</td><td>{@code unitofwork-processor}</td>
 *       <td>{@code CompileErrorsTest}</td></tr>
 *   <tr><td>S23 agent safety</td><td>{@code unitofwork-agent}</td>
 *       <td>{@code NeverWeaveTwiceTest}, {@code UnweavableClassTest}</td></tr>
 *   <tr><td>S24 legacy transactions in a unit</td><td>{@code LegacyTransactions},
 *       {@code ConnectionGuard}</td><td>{@code LegacyJoinModeTest}, {@code AdoptedDataSourceTest}</td></tr>
 *   <tr><td>S25 outbox</td><td>{@code unitofwork-outbox}</td><td>{@code Outbox*Test}</td></tr>
 * </table>
 */
package org.unitofwork;
