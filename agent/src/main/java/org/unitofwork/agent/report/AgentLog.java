package org.unitofwork.agent.report;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the agent speaks: warnings on standard error, each said once, and, when asked for, the
 * report of every method it wove or skipped. The agent cannot use the application's logging: it
 * runs before the application has configured any.
 */
public final class AgentLog {
    private static final String PREFIX = "[unitofwork-agent] ";

    private final PrintStream warnings;
    /** Null when no report was asked for. */
    private final PrintStream report;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * A log that writes to two streams.
     *
     * @param warnings where warnings and errors go
     * @param report where the report goes, or null when none was asked for
     */
    public AgentLog(PrintStream warnings, PrintStream report) {
        this.warnings = warnings;
        this.report = report;
    }

    /**
     * Says {@code message} unless something was already said about {@code subject}.
     *
     * @param subject what the warning is about, such as a class name
     * @param message the warning
     */
    public void warnOnce(String subject, String message) {
        if (warned.add(subject)) {
            warnings.println(PREFIX + "WARNING: " + message);
        }
    }

    /**
     * Says {@code message} about the agent as a whole: always, and once.
     *
     * @param message the error
     */
    public void error(String message) {
        warnings.println(PREFIX + "ERROR: " + message);
    }

    boolean reporting() {
        return report != null;
    }

    /**
     * Adds a line to the report, when one was asked for.
     *
     * @param line the line
     */
    public void report(String line) {
        if (report != null) {
            report.println(PREFIX + line);
        }
    }
}
