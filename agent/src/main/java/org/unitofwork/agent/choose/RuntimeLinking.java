package org.unitofwork.agent.choose;

import java.net.URL;
import java.security.CodeSource;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.unitofwork.Scope;

/**
 * Whether a woven boundary would link in its class loader. Woven code calls the agent, which links
 * against the runtime of the system class loader; a loader that finds a runtime of its own instead
 * (one that neither asks its parent first nor was woven to share the runtime: see the agent's
 * {@code loaders} package) would make every woven call fail with a {@code LinkageError}, so its
 * classes are left as they are. Asked once per loader.
 */
final class RuntimeLinking {
    /** What each loader was found to do: null when it shares the runtime, else why it does not. */
    private static final Map<ClassLoader, String> FOUND = new WeakHashMap<>();
    private static final ReentrantLock LOCK = new ReentrantLock();

    private RuntimeLinking() {
    }

    /**
     * Whether boundaries woven into classes of {@code loader} would link.
     *
     * @param loader the loader of a class with boundaries to weave
     * @return null when its classes find the system class loader's runtime, else why not and what to do
     */
    static String conflict(ClassLoader loader) {
        LOCK.lock();
        try {
            if (FOUND.containsKey(loader)) {
                return FOUND.get(loader);
            }
        } finally {
            LOCK.unlock();
        }
        String conflict = look(loader);
        LOCK.lock();
        try {
            FOUND.put(loader, conflict);
        } finally {
            LOCK.unlock();
        }
        return conflict;
    }

    private static String look(ClassLoader loader) {
        Class<?> seen;
        try {
            seen = Class.forName(Scope.class.getName(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return "its class loader does not find the unitofwork runtime of the system class loader (" + e + ");"
                    + " make it ask its parent for the classes of org.unitofwork";
        }
        if (seen == Scope.class) {
            return null;
        }
        return "its class loader has a unitofwork runtime of its own (" + where(seen) + "), not the one of the system"
                + " class loader that woven code calls (" + where(Scope.class) + "), and the agent could not make it share"
                + " that one: remove unitofwork-runtime from the application's own libraries, or make the loader ask"
                + " its parent for the classes of org.unitofwork first";
    }

    private static String where(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        return location == null ? "location unknown" : location.toString();
    }
}
