/**
 * What integrations plug into the runtime: {@link org.unitofwork.spi.SessionKind}s, which give a unit of
 * work a JPA {@code EntityManager}, a jOOQ {@code DSLContext}, a JDBI {@code Handle} and the like, and
 * {@link org.unitofwork.spi.UnitObserver}s, which hear how each unit ended (for metrics), and
 * {@link org.unitofwork.spi.HostUnit}, which runs other units on savepoints of its own connection and
 * rolls them all back (for test harnesses). Application code rarely implements these itself; it
 * registers the ones an integration module provides.
 */
package org.unitofwork.spi;
