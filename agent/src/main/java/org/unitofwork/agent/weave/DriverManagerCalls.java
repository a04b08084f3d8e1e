package org.unitofwork.agent.weave;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.unitofwork.agent.adopt.AdoptedDriverManager;

/**
 * Redirects a woven class's calls of {@code DriverManager.getConnection} to {@link AdoptedDriverManager},
 * whose methods take the same arguments: the call sites change, never the JDK's class. Counts them,
 * so that a class that names {@code DriverManager} without asking it for a connection is left alone.
 */
public final class DriverManagerCalls {
    private static final String DRIVER_MANAGER = "java/sql/DriverManager";

    private int count;

    /** Redirects and counts the calls of one class: made for each class woven. */
    public DriverManagerCalls() {
    }

    /**
     * How many calls were redirected so far.
     *
     * @return the count
     */
    public int count() {
        return count;
    }

    /**
     * How many calls a class file makes, for a dry run.
     *
     * @param reader the class file's reader
     * @return how many {@code DriverManager.getConnection} calls its methods make
     */
    public static int count(ClassReader reader) {
        DriverManagerCalls calls = new DriverManagerCalls();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return calls.redirect(null);
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return calls.count();
    }

    /**
     * @param next where the method goes on; null to count the calls only
     */
    MethodVisitor redirect(MethodVisitor next) {
        return new MethodVisitor(Opcodes.ASM9, next) {
            @Override
            public void visitMethodInsn(int opcode, String owner, String method, String descriptor, boolean isInterface) {
                if (opcode == Opcodes.INVOKESTATIC && owner.equals(DRIVER_MANAGER) && method.equals("getConnection")) {
                    count++;
                    // the same descriptor: (String), (String, Properties) or (String, String, String)
                    super.visitMethodInsn(opcode, WovenCalls.DRIVER_MANAGER, method, descriptor, false);
                } else {
                    super.visitMethodInsn(opcode, owner, method, descriptor, isInterface);
                }
            }
        };
    }
}
