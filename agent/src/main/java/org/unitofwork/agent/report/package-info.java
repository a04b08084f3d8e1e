/**
 * What the agent says: its warnings and its report as classes load, and at the JVM's exit what the
 * configuration did not do.
 */
package org.unitofwork.agent.report;
