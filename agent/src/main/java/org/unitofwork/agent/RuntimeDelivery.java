package org.unitofwork.agent;

import java.io.File;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.unitofwork.agent.report.AgentLog;

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

    /**
     * @param jar the nested jar's file name
     * @param probe a class of it that is harmless to load before the agent weaves: an interface or an
     *     annotation, never a class a configuration line could name
     * @param packagePrefix the internal names its classes begin with
     * @param inEveryVersion a class all versions of the library have, when older versions lack the
     *     probe; else null
     */
    private record Library(String jar, String probe, String packagePrefix, String inEveryVersion) {
    }

    private static final Library RUNTIME = new Library("unitofwork-runtime.jar", "org.unitofwork.UnitOfWork",
            "org/unitofwork/", null);
    private static final List<Library> LIBRARIES = List.of(RUNTIME,
            // HikariConfigMXBean came with HikariCP 2.3.9; ILoggerFactory is in every SLF4J
            new Library("HikariCP.jar", "com.zaxxer.hikari.HikariConfigMXBean", "com/zaxxer/hikari/",
                    "com.zaxxer.hikari.HikariConfig"),
            new Library("slf4j-api.jar", "org.slf4j.ILoggerFactory", "org/slf4j/", null));

    /**
     * The outcome: where each library comes from.
     *
     * @param fromApplication for the report, the libraries the application has, with where they are
     * @param applicationHasRuntime whether the application has the runtime itself
     * @param supplied says each library the agent appended when its first class loads
     */
    record Delivery(List<String> fromApplication, boolean applicationHasRuntime, Supplied supplied) {
    }

    private RuntimeDelivery() {
    }

    /**
     * Appends the carried jars the application lacks to the system class path. Asks for one class of
     * each library rather than for its class file as a resource: the system class loader asks the boot
     * loader first, which finds a class by its package at once but searches every module of the JDK for
     * a resource outside its packages, milliseconds for each name while the application starts.
     *
     * @throws IOException when a library is missing and the agent jar does not carry it
     */
    static Delivery ensureVisible(Instrumentation instrumentation) throws IOException {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        List<String> origins = new ArrayList<>();
        // lists, not a map keyed by the record: its hashCode would start the JVM's method handle machinery
        List<Library> appended = new ArrayList<>();
        List<URL> jars = new ArrayList<>();
        Path directory = null;
        for (Library library : LIBRARIES) {
            String own = origin(library, system);
            if (own != null) {
                origins.add(library.jar() + " from the application: " + own);
                continue;
            }
            if (directory == null) {
                directory = privateDirectory();
                directory.toFile().deleteOnExit();
            }
            InputStream carried = carried(library.jar());
            if (carried == null) {
                throw new IOException(library.probe() + " is not on the application's class path, and this agent jar"
                        + " does not carry " + library.jar() + ": start the JVM with the packaged unitofwork-agent.jar,"
                        + " or put " + library.jar() + " on the class path");
            }
            Path file = directory.resolve(library.jar());
            // a plain stream: Files.copy would load the JDK's file channels while the application starts
            try (carried; OutputStream out = new FileOutputStream(file.toFile())) {
                carried.transferTo(out);
            }
            file.toFile().deleteOnExit();
            instrumentation.appendToSystemClassLoaderSearch(new JarFile(file.toFile()));
            appended.add(library);
            jars.add(file.toUri().toURL());
        }
        Supplied supplied = new Supplied(instrumentation, appended, jars);
        if (!appended.isEmpty()) {
            // before anything can load a class of them: reading the configuration loads the runtime. Able to
            // retransform, as the weaving transformer is: the JVM then calls both through one hook, not two
            instrumentation.addTransformer(supplied, true);
        }
        return new Delivery(List.copyOf(origins), appended.isEmpty() || appended.get(0) != RUNTIME, supplied);
    }

    /**
     * Where the application's copy of the library is, found by loading its probe (not initializing
     * it); null when the application has none. A library whose older versions lack the probe is looked
     * for once more, by a class all its versions have, only when the probe is missing: a class rather
     * than its class file, whose lookup as a resource would search the JDK's modules first. When that
     * class is there but cannot be loaded (a jar missing the types it names), its class file says where.
     */
    private static String origin(Library library, ClassLoader system) {
        try {
            return location(Class.forName(library.probe(), false, system));
        } catch (ClassNotFoundException | LinkageError e) {
            if (library.inEveryVersion() == null) {
                return null;
            }
            String olderVersion = " (a version without " + library.probe() + ")";
            try {
                return location(Class.forName(library.inEveryVersion(), false, system)) + olderVersion;
            } catch (ClassNotFoundException none) {
                return null;
            } catch (LinkageError incomplete) {
                URL classFile = system.getResource(library.inEveryVersion().replace('.', '/') + ".class");
                return classFile == null ? null : classFile + olderVersion;
            }
        }
    }

    private static String location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "(location unknown)" : source.getLocation().toString();
    }

    /**
     * The nested jar, read from the agent's own jar file directly rather than as a resource of its
     * class loader (which would search the JDK's modules first); null when the agent does not carry it.
     */
    private static InputStream carried(String jar) throws IOException {
        CodeSource source = RuntimeDelivery.class.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location != null && "file".equals(location.getProtocol())) {
            File agentJar;
            try {
                agentJar = new File(location.toURI());
            } catch (URISyntaxException | IllegalArgumentException e) {
                agentJar = null;
            }
            if (agentJar != null && agentJar.isFile()) {
                ZipFile zip = new ZipFile(agentJar);
                ZipEntry entry = zip.getEntry(NESTED + jar);
                if (entry == null) {
                    zip.close();
                    return null;
                }
                // closing the stream closes the agent's jar as read here; the class loader's stays open
                return new FilterInputStream(zip.getInputStream(entry)) {
                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            zip.close();
                        }
                    }
                };
            }
        }
        return RuntimeDelivery.class.getClassLoader().getResourceAsStream(NESTED + jar);
    }

    /**
     * A new directory of the system's temporary directory, readable by this user only. Named after the
     * clock rather than by {@code Files.createTempDirectory}, whose random name costs setting up the
     * JDK's security providers while the application starts (and not after the process id either:
     * {@code ProcessHandle} starts a thread pool); creating it fails when the name exists, whoever made
     * it, and the next name is tried.
     */
    private static Path privateDirectory() throws IOException {
        Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
        boolean posix = temporary.getFileSystem().supportedFileAttributeViews().contains("posix");
        String prefix = "unitofwork-agent-" + System.nanoTime() + "-";
        for (int attempt = 0; ; attempt++) {
            Path directory = temporary.resolve(prefix + attempt);
            try {
                return posix ? Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------"))) : Files.createDirectory(directory);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Watches class loading for the first class of each jar the agent appended, so that the report
     * names a jar as supplied only once the application (or the runtime) really uses it; removes
     * itself when each was seen. Until a log is given, what it saw waits.
     */
    static final class Supplied implements ClassFileTransformer {
        private final Instrumentation instrumentation;
        /** The jars not seen yet, and their libraries; emptied as their first classes load. */
        private final List<Library> pendingLibraries;
        private final List<URL> pendingJars;
        private final List<String> seen = new ArrayList<>();
        /** The packages of the libraries appended besides the runtime: a class loader's own copies come first. */
        private final List<String> libraryPackages = new ArrayList<>();
        private AgentLog log;

        Supplied(Instrumentation instrumentation, List<Library> libraries, List<URL> jars) {
            this.instrumentation = instrumentation;
            this.pendingLibraries = new ArrayList<>(libraries);
            this.pendingJars = new ArrayList<>(jars);
            for (Library library : libraries) {
                if (library != RUNTIME) {
                    libraryPackages.add(library.packagePrefix());
                }
            }
        }

        /** The package prefixes, with slashes, of the libraries other than the runtime that the agent appended. */
        List<String> libraryPackages() {
            return List.copyOf(libraryPackages);
        }

        /** From now on each jar's first use is said in {@code agentLog}'s report; what was seen so far, at once. */
        synchronized void reportTo(AgentLog agentLog) {
            log = agentLog;
            for (String line : seen) {
                agentLog.report(line);
            }
            seen.clear();
        }

        /** The first look at every class loaded, without a lock: whether it may belong to a carried library. */
        private static boolean ofALibrary(String internalName) {
            for (Library library : LIBRARIES) {
                if (internalName.startsWith(library.packagePrefix())) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                ProtectionDomain protectionDomain, byte[] classFile) {
            if (internalName == null || protectionDomain == null || !ofALibrary(internalName)
                    || protectionDomain.getCodeSource() == null) {
                return null;
            }
            synchronized (this) {
                for (int i = pendingLibraries.size() - 1; i >= 0; i--) {
                    Library library = pendingLibraries.get(i);
                    URL jar = pendingJars.get(i);
                    if (internalName.startsWith(library.packagePrefix())
                            && jar.equals(protectionDomain.getCodeSource().getLocation())) {
                        pendingLibraries.remove(i);
                        pendingJars.remove(i);
                        String line = "runtime: " + library.jar() + " supplied by the agent (the application has none;"
                                + " first used for " + internalName.replace('/', '.') + "): " + jar.getPath();
                        if (log != null) {
                            log.report(line);
                        } else {
                            seen.add(line);
                        }
                    }
                }
                if (pendingLibraries.isEmpty()) {
                    instrumentation.removeTransformer(this);
                }
            }
            return null;
        }
    }
}
