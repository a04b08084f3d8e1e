package org.unitofwork.agent.loaders;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.unitofwork.agent.report.AgentLog;
import org.unitofwork.agent.report.ClassLoaderNames;

/**
 * What a woven class loader asks before it looks for a class itself. The runtime's classes
 * ({@code org.unitofwork} and {@code org.unitofwork.spi}) and the agent's are shared: they come from
 * the system class loader, whatever copy the loader has, so that every woven class of the JVM begins
 * its units in one registry and a unit opened in a webapp is the one its DAOs join. The libraries the
 * agent supplied for that runtime (HikariCP, the SLF4J API, when the system class path lacked them)
 * are the reverse: a loader that has its own copy uses it, as it would have without the agent, even
 * when it asks its parent first.
 */
public final class SharedClasses {
    private static final String RUNTIME = "org.unitofwork.";
    private static final String AGENT = "org.unitofwork.agent.";
    private static final String SPI = "org.unitofwork.spi.";
    private static volatile String[] suppliedPackages = new String[0];
    private static volatile AgentLog log = new AgentLog(System.err, null);
    /** The loaders whose own copy of the runtime was looked for, held weakly: webapps come and go. */
    private static final Map<Object, Boolean> LOOKED_AT = new WeakHashMap<>();
    private static final ReentrantLock LOOKING = new ReentrantLock();

    private SharedClasses() {
    }

    /**
     * Sets where the report goes and which libraries the agent supplied.
     *
     * @param agentLog the agent's log
     * @param supplied the package prefixes of the libraries the agent appended to the system class path,
     *     with slashes ({@code com/zaxxer/hikari/})
     */
    public static void use(AgentLog agentLog, List<String> supplied) {
        log = agentLog;
        String[] packages = new String[supplied.size()];
        for (int i = 0; i < packages.length; i++) {
            packages[i] = supplied.get(i).replace('/', '.');
        }
        suppliedPackages = packages;
    }

    /**
     * Called on entry of a woven {@code loadClass(String, boolean)}.
     *
     * @param loader the woven loader
     * @param name the binary name asked for
     * @return the system class loader's class for a class of the runtime or the agent; null to go on
     *     as the loader would
     */
    public static Class<?> shared(Object loader, String name) {
        if (!isShared(name)) {
            return null;
        }
        ClassLoader system = ClassLoader.getSystemClassLoader();
        Class<?> found;
        try {
            found = Class.forName(name, false, system);
        } catch (ClassNotFoundException e) {
            return null; // not the runtime's: the loader finds it where it would
        }
        if (!name.startsWith(AGENT)) {
            sayWhichRuntimeServes((ClassLoader) loader, name, system);
        }
        return found;
    }

    /**
     * Called on entry of a woven {@code loadClass(String, boolean)}, when {@link #shared} gave nothing.
     *
     * @param name the binary name asked for
     * @return whether it belongs to a library the agent supplied, which the loader looks for in its own
     *     copy first
     */
    public static boolean ownCopyFirst(String name) {
        for (String prefix : suppliedPackages) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isShared(String name) {
        if (!name.startsWith(RUNTIME)) {
            return false;
        }
        if (name.startsWith(AGENT)) {
            return true;
        }
        String rest = name.startsWith(SPI) ? name.substring(SPI.length()) : name.substring(RUNTIME.length());
        return rest.indexOf('.') < 0;
    }

    /** Once per loader: whether it has a runtime of its own, which the system class loader's replaces. */
    private static void sayWhichRuntimeServes(ClassLoader loader, String name, ClassLoader system) {
        LOOKING.lock();
        try {
            if (LOOKED_AT.put(loader, Boolean.TRUE) != null) {
                return;
            }
        } finally {
            LOOKING.unlock();
        }
        String resource = name.replace('.', '/') + ".class";
        URL own = loader.getResource(resource);
        URL serving = system.getResource(resource);
        if (own != null && !own.equals(serving)) {
            log.report("runtime: " + ClassLoaderNames.describe(loader) + " has a unitofwork runtime of its own (" + own
                    + "); the one of the system class loader serves it instead (" + serving + "), so that every class"
                    + " loader of the JVM shares one registry of units");
        }
    }
}
