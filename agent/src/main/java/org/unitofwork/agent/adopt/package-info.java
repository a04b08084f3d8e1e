/**
 * Legacy sources of connections put under units of work: the application's data source instances
 * adopted as databases, and the connections it takes from {@code DriverManager}, for URLs of the
 * configuration. Woven classes call these; the runtime decides what a legacy transaction becomes.
 */
package org.unitofwork.agent.adopt;
