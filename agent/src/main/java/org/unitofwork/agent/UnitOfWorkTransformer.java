package org.unitofwork.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * The agent's hook into class loading and retransformation: the {@link ClassFilter}'s cheap look
 * first, then the {@link Weaver} for the few classes it lets through. Whatever goes wrong while
 * weaving a class leaves that class as it was and is said once; it never reaches the application.
 */
final class UnitOfWorkTransformer implements ClassFileTransformer {
    private final ClassFilter filter;
    private final Weaver weaver;
    private final AgentLog log;
    /** The class being woven on this thread: classes that weaving loads are not woven themselves. */
    private final ThreadLocal<String> weaving = new ThreadLocal<>();

    UnitOfWorkTransformer(ClassFilter filter, Weaver weaver, AgentLog log) {
        this.filter = filter;
        this.weaver = weaver;
        this.log = log;
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
            log.warnOnce(candidate.className(), "class " + candidate.className() + " is left unwoven: it was loaded"
                    + " while the agent was weaving " + outer + " (as an exception class of its @UnitOfWork"
                    + " attributes, say). Move its units of work to a class that is not needed to weave another.");
            return null;
        }
        weaving.set(candidate.className());
        try {
            return weaver.weave(loader, classFile, candidate);
        } catch (UnweavableClassException e) {
            log.warnOnce(candidate.className(), "class " + candidate.className() + " is left unchanged: "
                    + e.getMessage());
            return null;
        } catch (RuntimeException | LinkageError e) {
            log.warnOnce(candidate.className(), "class " + candidate.className() + " is left unchanged: weaving it"
                    + " failed with " + e + ". Its methods run without units of work; please report this with the"
                    + " class file.");
            return null;
        } finally {
            weaving.remove();
        }
    }
}
