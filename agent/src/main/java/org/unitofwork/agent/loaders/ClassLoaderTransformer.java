package org.unitofwork.agent.loaders;

import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import org.unitofwork.agent.choose.ClassFilter;
import org.unitofwork.agent.config.ClassOutline;
import org.unitofwork.agent.report.AgentLog;
import org.unitofwork.agent.report.ClassLoaderNames;

/**
 * Finds the class loaders of the application (a servlet container's, a launcher's) as their classes
 * load, and has {@link LoadClassWeaving} weave their {@code loadClass(String, boolean)}. A class is
 * looked at only when its bytes name that method's descriptor, and woven only when it extends
 * {@code ClassLoader}, as its supertypes' class files say; anything unexpected leaves it as it was,
 * with one warning.
 */
public final class ClassLoaderTransformer implements ClassFileTransformer {
    /** The descriptor of {@code loadClass(String, boolean)}, then the class woven code calls. */
    private static final byte[][] SOUGHT = {
        LoadClassWeaving.DESCRIPTOR.getBytes(StandardCharsets.US_ASCII),
        "org/unitofwork/agent/loaders/SharedClasses".getBytes(StandardCharsets.US_ASCII),
    };
    private static final int LOAD_CLASS = 1;
    private static final int WOVEN = 1 << 1;
    /** A method with one of these flags (static, native, abstract) has no body to weave. */
    private static final int WITHOUT_BODY = 0x0008 | 0x0100 | ClassOutline.ACC_ABSTRACT;
    private final AgentLog log;
    /** Reading a supertype's class file may load classes: those are not looked at meanwhile. */
    private final ThreadLocal<Boolean> looking = new ThreadLocal<>();

    /**
     * A transformer that reports to {@code log}.
     *
     * @param log where woven loaders are reported, and loaders left alone warned about
     */
    public ClassLoaderTransformer(AgentLog log) {
        this.log = log;
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classFile) {
        if (loader == null || internalName == null || ClassFilter.isExcluded(internalName)) {
            return null;
        }
        int names = ClassFilter.names(classFile, SOUGHT);
        if ((names & LOAD_CLASS) == 0 || (names & WOVEN) != 0 || looking.get() != null) {
            return null;
        }
        looking.set(Boolean.TRUE);
        String className = internalName.replace('/', '.');
        try {
            ClassOutline outline = ClassOutline.parse(classFile);
            ClassOutline.Method method = outline.method(LoadClassWeaving.NAME, LoadClassWeaving.DESCRIPTOR);
            if (method == null || (method.access() & WITHOUT_BODY) != 0
                    || !outline.isSubtypeOf(internalName, "java/lang/ClassLoader", loader)) {
                return null;
            }
            byte[] woven = LoadClassWeaving.weave(classFile);
            log.report("woven " + className + ".loadClass(String,boolean): the runtime's classes come from the system"
                    + " class loader, and its own copies of the libraries the agent supplied come first, in "
                    + ClassLoaderNames.describe(loader));
            return woven;
        } catch (IOException | RuntimeException | LinkageError e) {
            log.warnOnce(className + "@" + System.identityHashCode(loader), "class loader class " + className + " ("
                    + ClassLoaderNames.describe(loader) + ") is left unchanged: weaving its loadClass failed with " + e
                    + ". The classes it loads may not find the agent's runtime; please report this with the class file.");
            return null;
        } finally {
            looking.remove();
        }
    }
}
