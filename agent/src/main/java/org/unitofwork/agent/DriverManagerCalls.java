package org.unitofwork.agent;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Redirects a woven class's calls of {@code DriverManager.getConnection} to {@link AdoptedDriverManager},
 * whose methods take the same arguments: the call sites change, never the JDK's class. Counts them,
 * so that a class that names {@code DriverManager} without asking it for a connection is left alone.
 */
final class DriverManagerCalls {
    private static final String DRIVER_MANAGER = "java/sql/DriverManager";
    private static final String REDIRECTED = "org/unitofwork/agent/AdoptedDriverManager";

    private int count;

    int count() {
        return count;
    }

    /** How many calls a class file makes, for a dry run. */
    static int count(ClassReader reader) {
        DriverManagerCalls calls = new DriverManagerCalls();
        reader.accept(new ClassVisitor(ClassModel.API) {
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
        return new MethodVisitor(ClassModel.API, next) {
            @Override
            public void visitMethodInsn(int opcode, String owner, String method, String descriptor, boolean isInterface) {
                if (opcode == Opcodes.INVOKESTATIC && owner.equals(DRIVER_MANAGER) && method.equals("getConnection")) {
                    count++;
                    // the same descriptor: (String), (String, Properties) or (String, String, String)
                    super.visitMethodInsn(opcode, REDIRECTED, method, descriptor, false);
                } else {
                    super.visitMethodInsn(opcode, owner, method, descriptor, isInterface);
                }
            }
        };
    }
}
