package org.unitofwork.agent;

import java.nio.file.Path;

/**
 * The agent's options, as given after {@code -javaagent:unitofwork-agent.jar=}: comma-separated
 * {@code config=FILE}, {@code report} or {@code report=FILE}, and {@code dry-run}.
 *
 * @param configFile the configuration file naming legacy methods and data sources, or null for none
 * @param report whether to list every woven or skipped method
 * @param reportFile where the report goes; null for standard error
 * @param dryRun whether to only report what would be woven, and weave nothing
 */
record AgentOptions(Path configFile, boolean report, Path reportFile, boolean dryRun) {

    static final String SYNTAX = "config=FILE, report, report=FILE, dry-run (comma-separated)";

    /**
     * Reads the option string the JVM hands to {@code premain} or {@code agentmain}.
     *
     * @throws IllegalArgumentException for an unknown or malformed option, naming it
     */
    static AgentOptions parse(String options) {
        Path config = null;
        boolean report = false;
        Path reportFile = null;
        boolean dryRun = false;
        if (options != null && !options.isBlank()) {
            for (String option : options.split(",")) {
                String trimmed = option.trim();
                int eq = trimmed.indexOf('=');
                String key = eq < 0 ? trimmed : trimmed.substring(0, eq);
                String value = eq < 0 ? null : trimmed.substring(eq + 1);
                switch (key) {
                    case "config" -> config = Path.of(required(key, value));
                    case "report" -> {
                        report = true;
                        reportFile = value == null ? null : Path.of(required(key, value));
                    }
                    case "dry-run" -> {
                        if (value != null) {
                            throw new IllegalArgumentException("Agent option dry-run takes no value; write just dry-run");
                        }
                        dryRun = true;
                    }
                    default -> throw new IllegalArgumentException("Unknown agent option '" + trimmed
                            + "'; the options are " + SYNTAX);
                }
            }
        }
        return new AgentOptions(config, report || dryRun, reportFile, dryRun);
    }

    private static String required(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Agent option " + key + " needs a file: write " + key + "=/path/to/file");
        }
        return value;
    }
}
