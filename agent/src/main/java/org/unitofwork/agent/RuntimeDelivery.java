package org.unitofwork.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Makes sure the application has exactly one runtime. Woven classes call the runtime, so it must be
 * visible from the system class loader, where the application's classes and the agent's live. When
 * the application already has it there, that copy is the one: the agent adds nothing. When it has
 * none (a legacy application built without unitofwork), the agent appends the copy it carries,
 * with the HikariCP and SLF4J API it needs when those are missing too. Never both: two runtimes
 * would be two registries, and units would not join.
 */
final class RuntimeDelivery {
    /** Where the packaged agent carries the jars, as nested files the class loader never reads. */
    private static final String NESTED = "META-INF/unitofwork-agent/runtime/";

    private record Library(String jar, String probe) {
    }

    private static final List<Library> LIBRARIES = List.of(
            new Library("unitofwork-runtime.jar", "org/unitofwork/Database.class"),
            new Library("HikariCP.jar", "com/zaxxer/hikari/HikariDataSource.class"),
            new Library("slf4j-api.jar", "org/slf4j/LoggerFactory.class"));

    private RuntimeDelivery() {
    }

    /**
     * Appends the carried jars the application lacks to the system class path. Looks for classes as
     * resources, so nothing is loaded before the decision.
     *
     * @return for the report, where each library comes from
     * @throws IOException when a library is missing and the agent jar does not carry it
     */
    static List<String> ensureVisible(Instrumentation instrumentation) throws IOException {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        List<String> origins = new ArrayList<>();
        Path directory = null;
        for (Library library : LIBRARIES) {
            URL own = system.getResource(library.probe());
            if (own != null) {
                origins.add(library.jar() + " from the application: " + own);
                continue;
            }
            InputStream carried = RuntimeDelivery.class.getClassLoader().getResourceAsStream(NESTED + library.jar());
            if (carried == null) {
                throw new IOException(library.probe() + " is not on the application's class path, and this agent jar"
                        + " does not carry " + library.jar() + ": start the JVM with the packaged unitofwork-agent.jar,"
                        + " or put " + library.jar() + " on the class path");
            }
            if (directory == null) {
                directory = Files.createTempDirectory("unitofwork-agent-");
                directory.toFile().deleteOnExit();
            }
            Path file = directory.resolve(library.jar());
            try (carried) {
                Files.copy(carried, file);
            }
            file.toFile().deleteOnExit();
            instrumentation.appendToSystemClassLoaderSearch(new JarFile(file.toFile()));
            origins.add(library.jar() + " supplied by the agent: " + file);
        }
        return origins;
    }
}
