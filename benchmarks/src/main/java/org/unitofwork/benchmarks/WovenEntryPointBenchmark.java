package org.unitofwork.benchmarks;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.unitofwork.NoActiveUnitException;

/**
 * B4, the fifth entry point: a method the agent weaves ({@link WovenWork#work()}), beside the four of
 * {@link EntryPointBenchmark}. Its forks must start with the real agent jar, {@link #agentArgument()}:
 * {@link BenchmarkSuite} and the smoke test pass it. The woven method is a configured one, so it gets
 * no {@code Session} parameter (an annotated method would be wrapped by the processor when this
 * module compiles, and the agent leaves wrapped classes alone); the boundary protocol is the same.
 *
 * <p>Every iteration first checks that the class was woven: a fork without the agent would measure a
 * plain empty call, so it fails instead.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class WovenEntryPointBenchmark {

    /** The agent's configuration: every method of {@link WovenWork} is a unit on the benchmarks' database. */
    static final String AGENT_CONFIGURATION = "unit " + WovenWork.class.getName() + " * database="
            + PoolState.DATABASE_NAME + "\n";
    /** Where the agent jar is, when not beside this module's classes: {@code -Dunitofwork.agent.jar=FILE}. */
    static final String AGENT_JAR_PROPERTY = "unitofwork.agent.jar";

    private static final WovenWork WOVEN = new WovenWork();

    /**
     * Fails the trial when {@link WovenWork} was not woven. Per iteration, so that the pool state's
     * trial set-up, which registers the database, has run.
     */
    @Setup(Level.Iteration)
    public void checkWoven() {
        try {
            WOVEN.session();
        } catch (NoActiveUnitException e) {
            throw new IllegalStateException(WovenWork.class.getName() + " was not woven: run this benchmark in a fork"
                    + " started with " + WovenEntryPointBenchmark.class.getSimpleName() + ".agentArgument(), as"
                    + " BenchmarkSuite does", e);
        }
    }

    /** The state is unused here but opens the database the woven boundary names. */
    @Benchmark
    public void oursWovenMethod(H2PoolState h2) {
        WOVEN.work();
    }

    /**
     * The JVM option that weaves {@link WovenWork}: {@code -javaagent:} on the packaged agent jar, with a
     * configuration file holding {@link #AGENT_CONFIGURATION}, written now and deleted when this JVM exits.
     *
     * @throws IllegalStateException when the agent jar is not where the build copies it
     */
    static String agentArgument() throws IOException {
        Path jar = agentJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the agent jar " + jar + " is missing: build it with `mvn -q -B -pl benchmarks"
                    + " -am package -DskipTests`, which copies it there, or name it with -D" + AGENT_JAR_PROPERTY + "=FILE");
        }
        Path configuration = Files.createTempFile("unitofwork-b4-", ".conf");
        configuration.toFile().deleteOnExit();
        Files.writeString(configuration, AGENT_CONFIGURATION);
        return "-javaagent:" + jar.toAbsolutePath() + "=config=" + configuration.toAbsolutePath();
    }

    /** {@code target/unitofwork-agent.jar}, beside {@code target/benchmarks.jar} and {@code target/classes}. */
    private static Path agentJar() {
        String named = System.getProperty(AGENT_JAR_PROPERTY);
        if (named != null) {
            return Path.of(named);
        }
        try {
            Path classes = Path.of(WovenEntryPointBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().resolve("unitofwork-agent.jar");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where " + WovenEntryPointBenchmark.class.getName() + " was loaded"
                    + " from; name the agent jar with -D" + AGENT_JAR_PROPERTY + "=FILE", e);
        }
    }
}
