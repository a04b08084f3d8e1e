/**
 * Tests rolled back whatever the code under test commits: {@link org.unitofwork.test.UnitOfWorkTest}
 * runs each JUnit Jupiter test in a unit of work that ends in a rollback, with the units the code opens
 * on savepoints of the test's connection.
 */
package org.unitofwork.test;
