package org.unitofwork.agent;

import java.lang.instrument.Instrumentation;
import org.unitofwork.agent.report.AgentLog;

/**
 * The Java agent: weaves unit-of-work boundaries into compiled classes, as the annotation processor
 * does at compile time, by calling the runtime's boundary protocol from the woven methods.
 *
 * <pre>
 * java -javaagent:unitofwork-agent.jar[=config=FILE,report,report=FILE,dry-run] -jar app.jar
 * </pre>
 *
 * <p>It never stops the application: when it cannot start (a malformed configuration, say), it says
 * why and weaves nothing. It starts once per JVM; a second start (attaching to a JVM that already
 * runs it) weaves nothing, so no method is woven twice. See the module's README for the options and
 * the configuration file.
 */
public final class UnitOfWorkAgent {
    /** Set once the agent runs in this JVM, to what started it. */
    static final String RUNNING_PROPERTY = "org.unitofwork.agent.running";

    private UnitOfWorkAgent() {
    }

    /**
     * Entry point of {@code -javaagent:}.
     *
     * @param options the text after {@code =}, or null
     * @param instrumentation the JVM's instrumentation
     */
    public static void premain(String options, Instrumentation instrumentation) {
        start(options, instrumentation, false);
    }

    /**
     * Entry point of attaching to a running JVM: also weaves the classes already loaded.
     *
     * @param options the text after {@code =}, or null
     * @param instrumentation the JVM's instrumentation
     */
    public static void agentmain(String options, Instrumentation instrumentation) {
        start(options, instrumentation, true);
    }

    private static void start(String options, Instrumentation instrumentation, boolean attached) {
        AgentLog log = new AgentLog(System.err, null);
        String running = System.getProperty(RUNNING_PROPERTY);
        if (running != null) {
            log.error("the agent already runs in this JVM (started " + running + "); this second start weaves"
                    + " nothing, so that no method is woven twice");
            return;
        }
        RuntimeDelivery.Delivery delivery = null;
        try {
            AgentOptions parsed = AgentOptions.parse(options);
            // before any class that names the runtime is loaded: those classes link against it
            delivery = RuntimeDelivery.ensureVisible(instrumentation);
            System.setProperty(RUNNING_PROPERTY, attached ? "by attaching" : "with -javaagent");
            AgentInstaller.install(instrumentation, parsed, attached, delivery);
        } catch (Exception | LinkageError e) {
            if (delivery != null) {
                instrumentation.removeTransformer(delivery.supplied());
            }
            log.error("the agent did not start and wove nothing; the application runs without units of work: "
                    + e.getMessage());
        }
    }
}
