package org.unitofwork.agent;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import org.unitofwork.agent.choose.ClassFilter;
import org.unitofwork.agent.choose.MethodChooser;
import org.unitofwork.agent.choose.Plan;
import org.unitofwork.agent.choose.UnweavableClassException;
import org.unitofwork.agent.report.AgentLog;
import org.unitofwork.agent.report.ClassLoaderNames;
import org.unitofwork.agent.report.ConfigurationUsage;
import org.unitofwork.agent.weave.ClassWeaving;
import org.unitofwork.agent.weave.DriverManagerCalls;
import org.unitofwork.agent.weave.WovenBoundaries;

/**
 * Weaves one class the {@link ClassFilter} let through: the {@link MethodChooser} says what, this
 * registers each chosen method's boundary in {@link WovenBoundaries}, has {@link ClassWeaving} inline
 * the protocol, and reports what it wove; in a dry run it reports what it would weave and changes
 * nothing. Changes only method bodies, never adds a member, so classes already loaded can be
 * retransformed. A woven class costs one ASM pass to read it and one to write it; no class is loaded.
 */
final class Weaver {
    private final AgentLog log;
    private final boolean dryRun;
    private final MethodChooser chooser;

    Weaver(AgentLog log, boolean dryRun, ConfigurationUsage usage) {
        this.log = log;
        this.dryRun = dryRun;
        this.chooser = new MethodChooser(log, usage);
    }

    /**
     * @return the woven class file, or null to leave the class as it is
     * @throws UnweavableClassException when a chosen method cannot be woven as asked
     */
    byte[] weave(ClassLoader loader, ProtectionDomain domain, byte[] classFile, ClassFilter.Candidate candidate)
            throws UnweavableClassException {
        Plan plan = chooser.plan(loader, domain, classFile, candidate);
        if (plan == null) {
            return null;
        }
        String className = candidate.className();
        // the same class may be loaded by several loaders (two webapps): the report tells them apart
        String in = ", in " + ClassLoaderNames.describe(loader);
        if (dryRun) {
            if (plan.callsDriverManager()) {
                int calls = DriverManagerCalls.count(plan.reader());
                if (calls > 0) {
                    log.report("would redirect " + calls + " DriverManager.getConnection call(s) in " + className
                            + " to the databases of the drivermanager lines" + in);
                }
            }
            for (Plan.Method p : plan.methods()) {
                log.report("would weave " + p.described() + " as " + p.boundary() + " (" + p.origin() + ")" + in);
            }
            if (plan.adoptedDataSource() != null) {
                log.report("would adopt " + className + " as database '" + plan.adoptedDataSource().databaseName() + "'"
                        + in);
            }
            return null;
        }
        Map<String, ClassWeaving.Woven> boundaries = new HashMap<>();
        List<String> report = new ArrayList<>();
        for (Plan.Method p : plan.methods()) {
            WovenBoundaries.Registration registration = WovenBoundaries.register(loader, p.key(), p.boundary(), p.line());
            boundaries.put(p.method().name() + p.method().descriptor(),
                    new ClassWeaving.Woven(p.method().maxLocals(), registration.number(), p.injected()));
            if (registration.isNew()) {
                report.add("woven " + p.described() + " as " + p.boundary() + " (" + p.origin() + ")" + in);
            }
        }
        String adoptedDatabase = null;
        if (plan.adoptedDataSource() != null) {
            adoptedDatabase = plan.adoptedDataSource().databaseName();
            report.add("woven " + className + ".getConnection(): inside a unit on database '" + adoptedDatabase
                    + "' it returns the unit's connection (" + plan.adoptedDataSource().where() + ")" + in);
        }
        DriverManagerCalls redirected = plan.callsDriverManager() ? new DriverManagerCalls() : null;
        // the class's own frames, extended, are all the woven methods need: nothing is computed, nothing loaded
        ClassReader reader = plan.reader();
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassWeaving(writer, plan.type().internalName(), boundaries, adoptedDatabase, redirected),
                ClassReader.EXPAND_FRAMES);
        byte[] woven = writer.toByteArray();
        if (redirected != null && redirected.count() > 0) {
            report.add("woven " + redirected.count() + " DriverManager.getConnection call(s) in " + className + ": for"
                    + " the URLs of a drivermanager line they join the unit on its database" + in);
        } else if (plan.methods().isEmpty() && adoptedDatabase == null) {
            return null; // it names DriverManager, but never asks it for a connection
        }
        // a loop, not a method reference: each lambda shape costs the JVM's method handle machinery at the first weave
        for (String line : report) {
            log.report(line);
        }
        return woven;
    }
}
