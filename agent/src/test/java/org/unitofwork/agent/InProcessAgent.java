package org.unitofwork.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The agent installed once into the test JVM with {@code ByteBuddyAgent.install()} and the
 * configuration {@code in-process.conf}, its warnings and report kept for the tests to read. Every
 * in-process test calls {@link #install()} before it touches a class the agent weaves, so that the
 * class is woven as it loads.
 */
final class InProcessAgent {
    private static final ByteArrayOutputStream WARNINGS = new ByteArrayOutputStream();
    private static Path reportFile;
    private static Instrumentation instrumentation;

    private InProcessAgent() {
    }

    static synchronized Instrumentation install() {
        if (instrumentation == null) {
            try {
                reportFile = Files.createTempFile("in-process-report", ".txt");
                reportFile.toFile().deleteOnExit();
                Path config = Path.of(InProcessAgent.class.getResource("/in-process.conf").toURI());
                AgentOptions options = AgentOptions.parse("config=" + config + ",report=" + reportFile);
                Instrumentation installed = ByteBuddyAgent.install();
                PrintStream warnings = new PrintStream(new Tee(WARNINGS, System.err), true, StandardCharsets.UTF_8);
                AgentInstaller.install(installed, options, false, RuntimeDelivery.ensureVisible(installed), warnings);
                instrumentation = installed;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return instrumentation;
    }

    /** Everything the agent warned about so far. */
    static synchronized String warnings() {
        return WARNINGS.toString(StandardCharsets.UTF_8);
    }

    /** The agent's report so far. */
    static String report() {
        try {
            return Files.readString(reportFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes to both streams: the test keeps the warnings, the console still shows them. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            synchronized (WARNINGS) {
                first.write(b);
            }
            second.write(b);
        }
    }
}
