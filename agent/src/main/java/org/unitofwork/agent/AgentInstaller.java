package org.unitofwork.agent;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sets the agent up once the runtime is visible: reads the configuration, registers the
 * transformer, and, when attached to a running JVM, retransforms the classes already loaded.
 */
final class AgentInstaller {
    private AgentInstaller() {
    }

    /**
     * @param instrumentation the JVM's instrumentation
     * @param options the agent's options
     * @param attached whether the JVM was already running, with classes to retransform
     * @param runtimeOrigins where the runtime and its libraries come from, for the report
     * @throws IOException when the configuration or report file cannot be read or written
     * @throws IllegalArgumentException when the configuration is malformed
     */
    static void install(Instrumentation instrumentation, AgentOptions options, boolean attached,
            List<String> runtimeOrigins) throws IOException {
        install(instrumentation, options, attached, runtimeOrigins, System.err);
    }

    /** As {@link #install(Instrumentation, AgentOptions, boolean, List)}, with warnings sent to {@code warnings}. */
    static void install(Instrumentation instrumentation, AgentOptions options, boolean attached,
            List<String> runtimeOrigins, PrintStream warnings) throws IOException {
        PrintStream report = !options.report() ? null
                : options.reportFile() == null ? System.err
                : new PrintStream(new FileOutputStream(options.reportFile().toFile(), true), true, StandardCharsets.UTF_8);
        AgentLog log = new AgentLog(warnings, report);
        Configuration configuration = options.configFile() == null ? Configuration.NONE
                : Configuration.read(options.configFile());
        log.report("started " + (attached ? "by attaching to a running JVM" : "with -javaagent")
                + (options.configFile() == null ? ", no configuration file"
                : ", configuration " + options.configFile() + " (" + configuration.units().size() + " unit lines, "
                + configuration.dataSources().size() + " datasource lines)")
                + (options.dryRun() ? "; dry run: nothing is woven" : ""));
        runtimeOrigins.forEach(origin -> log.report("runtime: " + origin));
        AdoptedDataSources.useLog(log);
        ClassFilter filter = new ClassFilter(configuration);
        UnitOfWorkTransformer transformer = new UnitOfWorkTransformer(filter, log, options.dryRun());
        instrumentation.addTransformer(transformer, true);
        if (attached) {
            LoadedClasses.retransform(instrumentation, filter, log);
        }
    }
}
