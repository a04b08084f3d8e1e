package org.unitofwork.agent;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program in a JVM of its own, of the same JDK as the tests (17 or 25, whichever runs the
 * build), with the packaged agent jar when asked: the agent as users start it.
 */
final class ForkedJvm {
    private ForkedJvm() {
    }

    /** What the program did. */
    record Result(int exitCode, String output) {
        boolean says(String line) {
            return output.contains(line);
        }
    }

    /** The jar the build packaged, shaded and with its manifest: what users put after {@code -javaagent:}. */
    static Path agentJar() {
        String jar = System.getProperty("unitofwork.agent.jar");
        if (jar == null) {
            throw new IllegalStateException("System property unitofwork.agent.jar is not set: run these tests with"
                    + " maven-failsafe-plugin after package (mvn verify), which sets it to the packaged agent");
        }
        return Path.of(jar);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The class path entries (jars or directories) that hold the given classes. */
    static String classPath(Class<?>... classes) {
        StringJoiner path = new StringJoiner(File.pathSeparator);
        for (Class<?> type : classes) {
            path.add(location(type).toString());
        }
        return path.toString();
    }

    static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A command starting with the java binary and the flags every forked JVM gets. */
    static List<String> command(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(java());
        // quiet on JDK 21+, where attaching an agent to a running JVM otherwise prints a warning
        command.add("-XX:+IgnoreUnrecognizedVMOptions");
        command.add("-XX:+EnableDynamicAgentLoading");
        command.addAll(List.of(arguments));
        return command;
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out after 120 s: " + command);
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
