package org.unitofwork.agent.weave;

import java.util.Map;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Passes a class file from its reader to its writer with what the agent chose woven into
 * its methods: boundaries, an adopted data source's {@code getConnection()} and constructors, and
 * redirected {@code DriverManager} calls. Every other method is copied as it is.
 */
public final class ClassWeaving extends ClassVisitor {
    /**
     * A method's boundary.
     *
     * @param maxLocals the locals the method's code uses, as its class file says
     * @param number its number in {@link WovenBoundaries}
     * @param injected the index of the argument the unit supplies, or -1
     */
    public record Woven(int maxLocals, int number, int injected) {
    }

    private final String owner;
    private final Map<String, Woven> boundaries;
    private final String adoptedDatabase;
    private final DriverManagerCalls driverManagerCalls;

    /**
     * Weaves one class.
     *
     * @param writer where the woven class goes
     * @param owner the class's internal name
     * @param boundaries the methods to weave boundaries into, by name and descriptor
     * @param adoptedDatabase the database an adopted data source class is adopted as, or null
     * @param driverManagerCalls where the class's {@code DriverManager} calls are redirected and counted, or null
     */
    public ClassWeaving(ClassVisitor writer, String owner, Map<String, Woven> boundaries, String adoptedDatabase,
            DriverManagerCalls driverManagerCalls) {
        super(Opcodes.ASM9, writer);
        this.owner = owner;
        this.boundaries = boundaries;
        this.adoptedDatabase = adoptedDatabase;
        this.driverManagerCalls = driverManagerCalls;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (driverManagerCalls != null) {
            method = driverManagerCalls.redirect(method);
        }
        Woven boundary = boundaries.get(name + descriptor);
        if (boundary != null) {
            method = new BoundaryWeaving(method, access, descriptor, owner, boundary.maxLocals(), boundary.number(),
                    boundary.injected());
        }
        if (adoptedDatabase != null) {
            if (name.equals("<init>")) {
                method = DataSourceWeaving.constructor(method, adoptedDatabase);
            } else if (name.equals("getConnection") && descriptor.equals(DataSourceWeaving.GET_CONNECTION)) {
                method = DataSourceWeaving.getConnection(method, owner, adoptedDatabase);
            } else if (name.equals("close") && descriptor.equals("()V")) {
                method = DataSourceWeaving.close(method);
            }
        }
        return method;
    }
}
