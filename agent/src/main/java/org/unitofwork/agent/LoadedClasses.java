package org.unitofwork.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import org.unitofwork.agent.choose.ClassFilter;
import org.unitofwork.agent.report.AgentLog;
import org.unitofwork.agent.report.ClassLoaderNames;

/**
 * When the agent attaches to a running JVM: the classes already loaded that it would have woven,
 * retransformed one by one, so that one that cannot be changed leaves the others woven.
 */
final class LoadedClasses {
    private LoadedClasses() {
    }

    static void retransform(Instrumentation instrumentation, ClassFilter filter, AgentLog log) {
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (loaded.isArray() || loaded.isPrimitive() || loaded.isHidden() || loaded.getClassLoader() == null
                    || !instrumentation.isModifiableClass(loaded)) {
                continue;
            }
            String internalName = loaded.getName().replace('.', '/');
            if (ClassFilter.isExcluded(internalName)) {
                continue;
            }
            byte[] classFile = classFile(loaded, internalName);
            if (classFile == null || filter.candidate(internalName, classFile) == null) {
                continue;
            }
            try {
                instrumentation.retransformClasses(loaded);
            } catch (Throwable e) {
                ClassLoader loader = loaded.getClassLoader();
                log.warnOnce(loaded.getName() + "@" + System.identityHashCode(loader), "class " + loaded.getName()
                        + " (" + ClassLoaderNames.describe(loader) + ") was loaded before the agent attached and is"
                        + " left unchanged: the JVM refused to retransform it (" + e + "). Start the JVM with"
                        + " -javaagent to weave it as it loads.");
            }
        }
    }

    /** The class file as its loader finds it, for the filter's look; null when it has none. */
    private static byte[] classFile(Class<?> loaded, String internalName) {
        try (InputStream in = loaded.getClassLoader().getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
