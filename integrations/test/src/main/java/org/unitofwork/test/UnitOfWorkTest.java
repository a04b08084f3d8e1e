package org.unitofwork.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.unitofwork.Database;

/**
 * Runs each test in a unit of work on a database and rolls it back when the test ends, so that nothing
 * the test — or the code it calls — writes outlives it. On a test class it applies to each of its tests
 * (and those of its {@code @Nested} classes); on a method, to that test.
 *
 * <p>The unit opens before the class's {@code @BeforeEach} methods and ends after its {@code @AfterEach}
 * methods, so fixtures they write are rolled back too. Inside it, the code under test runs as in
 * production, with one difference: a boundary that would open a unit of its own ({@code REQUIRED} with
 * no unit around it, {@code REQUIRES_NEW}, {@code NESTED} without an outer unit, {@code NOT_SUPPORTED},
 * {@code NEVER}; a hook's unit after commit) opens it on a savepoint of the test's connection. Its
 * commit releases the savepoint, its hooks run, its rollback rolls back to the savepoint; when the test
 * ends, everything is rolled back. {@code MANDATORY} and {@code SUPPORTS} join the test's unit.
 *
 * <p>Test methods, {@code @BeforeEach} and {@code @AfterEach} methods can take a {@link
 * org.unitofwork.Session} (the test's unit) and a {@link Database} parameter. After each test, the test
 * fails when a unit the code began is still open on the test's thread, or — unless tests run in
 * parallel — when a connection of the database is still borrowed, naming what leaked.
 *
 * <pre>{@code
 * @UnitOfWorkTest
 * class OrderServiceTest {
 *     @BeforeAll
 *     static void database() {
 *         Database.builder("jdbc:postgresql://127.0.0.1:5432/shop").build();   // registered as "default"
 *     }
 *
 *     @Test
 *     void placesAnOrder(Session session) throws SQLException {
 *         new OrderService().place("book");                       // commits, on a savepoint
 *         assertEquals(1, count(session.connection(), "orders"));  // seen here, rolled back after
 *     }
 * }
 * }</pre>
 *
 * <p>The database must be built before the test starts (a static initialiser, a {@code @BeforeAll}
 * method). Each test holds one connection while it runs: tests run in parallel need a pool at least as
 * large as the parallelism. Units on threads the test starts are not part of its unit and commit for
 * real. The module's README lists where a test differs from production.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(UnitOfWorkTestExtension.class)
public @interface UnitOfWorkTest {

    /**
     * The database the test's unit runs on, by the name it was registered under.
     *
     * @return the database's name; {@code "default"} when not set
     */
    String database() default Database.DEFAULT_NAME;
}
