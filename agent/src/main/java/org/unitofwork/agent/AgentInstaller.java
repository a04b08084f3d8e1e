package org.unitofwork.agent;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import org.unitofwork.agent.adopt.AdoptedDataSources;
import org.unitofwork.agent.adopt.AdoptedDriverManager;
import org.unitofwork.agent.choose.ClassFilter;
import org.unitofwork.agent.config.Configuration;
import org.unitofwork.agent.config.ConfigurationCheck;
import org.unitofwork.agent.loaders.ClassLoaderTransformer;
import org.unitofwork.agent.loaders.SharedClasses;
import org.unitofwork.agent.report.AgentLog;
import org.unitofwork.agent.report.ConfigurationUsage;

/**
 * Sets the agent up once the runtime is visible: reads the configuration, registers the
 * transformer, and, when attached to a running JVM, retransforms the classes already loaded.
 */
final class AgentInstaller {
    private AgentInstaller() {
    }

    /** Says, when the JVM exits, what the configuration did not do. */
    private static final class ExitReport extends Thread {
        private final ConfigurationUsage usage;
        private final AgentLog log;

        ExitReport(ConfigurationUsage usage, AgentLog log) {
            super("unitofwork-agent exit report");
            this.usage = usage;
            this.log = log;
        }

        @Override
        public void run() {
            usage.reportAtExit(log);
        }
    }

    /**
     * @param instrumentation the JVM's instrumentation
     * @param options the agent's options
     * @param attached whether the JVM was already running, with classes to retransform
     * @param delivery where the runtime and its libraries come from
     * @throws IOException when the configuration or report file cannot be read or written
     * @throws IllegalArgumentException when the configuration is malformed or cannot work, naming each line
     */
    static void install(Instrumentation instrumentation, AgentOptions options, boolean attached,
            RuntimeDelivery.Delivery delivery) throws IOException {
        install(instrumentation, options, attached, delivery, System.err);
    }

    /** As {@link #install(Instrumentation, AgentOptions, boolean, RuntimeDelivery.Delivery)}, with warnings sent to {@code warnings}. */
    static void install(Instrumentation instrumentation, AgentOptions options, boolean attached,
            RuntimeDelivery.Delivery delivery, PrintStream warnings) throws IOException {
        Configuration configuration = options.configFile() == null ? Configuration.NONE
                : Configuration.read(options.configFile());
        ConfigurationCheck.Findings findings = ConfigurationCheck.check(configuration,
                ClassLoader.getSystemClassLoader(), delivery.applicationHasRuntime());
        if (!findings.errors().isEmpty()) {
            throw new IllegalArgumentException(findings.errors().size() == 1 ? findings.errors().get(0)
                    : findings.errors().size() + " lines of the configuration cannot work:\n  "
                    + String.join("\n  ", findings.errors()));
        }
        PrintStream report = !options.report() ? null
                : options.reportFile() == null ? System.err
                : new PrintStream(new FileOutputStream(options.reportFile().toFile(), true), true, StandardCharsets.UTF_8);
        AgentLog log = new AgentLog(warnings, report);
        log.report("started " + (attached ? "by attaching to a running JVM" : "with -javaagent")
                + (options.configFile() == null ? ", no configuration file"
                : ", configuration " + options.configFile() + " (" + configuration.units().size() + " unit lines, "
                + configuration.dataSources().size() + " datasource lines, " + configuration.driverManagers().size()
                + " drivermanager lines)")
                + (options.dryRun() ? "; dry run: nothing is woven" : ""));
        // loops rather than lambdas here: each lambda shape costs the JVM's method handle machinery at start
        for (String warning : findings.warnings()) {
            log.warnOnce(warning, warning);
        }
        for (String origin : delivery.fromApplication()) {
            log.report("runtime: " + origin);
        }
        delivery.supplied().reportTo(log);
        if (!configuration.dataSources().isEmpty()) {
            // only then: its start sets up the JDK's VarHandles and loads the runtime, milliseconds each
            AdoptedDataSources.use(log, configuration);
        }
        SharedClasses.use(log, delivery.supplied().libraryPackages());
        if (!options.dryRun()) {
            // the application's own class loaders (webapps', a launcher's) find the one runtime and keep their
            // own libraries
            instrumentation.addTransformer(new ClassLoaderTransformer(log), false);
        }
        ConfigurationUsage usage = new ConfigurationUsage(configuration, options.dryRun());
        Runtime.getRuntime().addShutdownHook(new ExitReport(usage, log));
        ClassFilter filter = new ClassFilter(configuration);
        UnitOfWorkTransformer transformer = new UnitOfWorkTransformer(filter, log, options.dryRun(), usage);
        instrumentation.addTransformer(transformer, true);
        if (!configuration.driverManagers().isEmpty() && !options.dryRun()) {
            // after the transformer: adopting loads the runtime, and with it classes a datasource line may name
            AdoptedDriverManager.adopt(configuration.driverManagers(), log);
        }
        if (attached) {
            LoadedClasses.retransform(instrumentation, filter, log);
        }
    }
}
