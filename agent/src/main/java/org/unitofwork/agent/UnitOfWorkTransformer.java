package org.unitofwork.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import org.unitofwork.agent.choose.ClassFilter;
import org.unitofwork.agent.choose.UnweavableClassException;
import org.unitofwork.agent.report.AgentLog;
import org.unitofwork.agent.report.ClassLoaderNames;
import org.unitofwork.agent.report.ConfigurationUsage;

/**
 * The agent's hook into class loading and retransformation: the {@link ClassFilter}'s cheap look
 * first, then the {@link Weaver} for the few classes it lets through. Whatever goes wrong while
 * weaving a class leaves that class as it was and is said once; it never reaches the application.
 */
final class UnitOfWorkTransformer implements ClassFileTransformer {
    private final ClassFilter filter;
    private final AgentLog log;
    private final boolean dryRun;
    private final ConfigurationUsage usage;
    /**
     * Made with the first class that passes the filter, not when the agent starts: linking {@link Weaver}
     * has the verifier load the ASM types it names, and an application with nothing to weave should
     * load none.
     */
    private volatile Weaver weaver;
    /** The class being woven on this thread: classes that weaving loads are not woven themselves. */
    private final ThreadLocal<String> weaving = new ThreadLocal<>();

    UnitOfWorkTransformer(ClassFilter filter, AgentLog log, boolean dryRun, ConfigurationUsage usage) {
        this.filter = filter;
        this.log = log;
        this.dryRun = dryRun;
        this.usage = usage;
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classFile) {
        if (loader == null || internalName == null) {
            return null; // the JDK's own classes, and classes without a name, are never woven
        }
        ClassFilter.Candidate candidate = filter.candidate(internalName, classFile);
        if (candidate == null) {
            return null;
        }
        String outer = weaving.get();
        if (outer != null) {
            log.warnOnce(subject(candidate, loader), "class " + named(candidate, loader) + " is left unwoven: it was"
                    + " loaded while the agent was weaving " + outer + " (as an exception class of its @UnitOfWork"
                    + " attributes, say). Move its units of work to a class that is not needed to weave another.");
            return null;
        }
        weaving.set(candidate.className());
        try {
            return weaver().weave(loader, protectionDomain, classFile, candidate);
        } catch (UnweavableClassException e) {
            log.warnOnce(subject(candidate, loader), "class " + named(candidate, loader) + " is left unchanged: "
                    + e.getMessage());
            return null;
        } catch (RuntimeException | LinkageError e) {
            log.warnOnce(subject(candidate, loader), "class " + named(candidate, loader) + " is left unchanged:"
                    + " weaving it failed with " + e + ". Its methods run without units of work; please report this with the"
                    + " class file.");
            return null;
        } finally {
            weaving.remove();
        }
    }

    /** What a warning is said once for: the class as its loader defines it, since two webapps may each have it. */
    private static String subject(ClassFilter.Candidate candidate, ClassLoader loader) {
        return candidate.className() + "@" + System.identityHashCode(loader);
    }

    /** The class and the loader whose copy of it is left alone. */
    private static String named(ClassFilter.Candidate candidate, ClassLoader loader) {
        return candidate.className() + " (" + ClassLoaderNames.describe(loader) + ")";
    }

    private Weaver weaver() {
        Weaver made = weaver;
        if (made == null) {
            synchronized (this) {
                made = weaver;
                if (made == null) {
                    made = new Weaver(log, dryRun, usage);
                    weaver = made;
                }
            }
        }
        return made;
    }
}
