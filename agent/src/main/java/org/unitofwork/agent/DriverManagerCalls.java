package org.unitofwork.agent;

import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Redirects a woven class's calls of {@code DriverManager.getConnection} to {@link AdoptedDriverManager},
 * whose methods take the same arguments: the call sites change, never the JDK's class. Counts them,
 * so that a class that names {@code DriverManager} without asking it for a connection is left alone.
 */
final class DriverManagerCalls extends AsmVisitorWrapper.AbstractBase {
    private static final String DRIVER_MANAGER = "java/sql/DriverManager";
    private static final String REDIRECTED = AdoptedDriverManager.class.getName().replace('.', '/');

    private final AtomicInteger count = new AtomicInteger();

    int count() {
        return count.get();
    }

    /** How many calls a class file makes, for a dry run. */
    static int count(byte[] classFile) {
        AtomicInteger calls = new AtomicInteger();
        new ClassReader(classFile).accept(new ClassVisitor(OpenedClassReader.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(OpenedClassReader.ASM_API) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String methodDescriptor,
                            boolean isInterface) {
                        if (isGetConnection(opcode, owner, method)) {
                            calls.incrementAndGet();
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return calls.get();
    }

    private static boolean isGetConnection(int opcode, String owner, String method) {
        return opcode == Opcodes.INVOKESTATIC && owner.equals(DRIVER_MANAGER) && method.equals("getConnection");
    }

    @Override
    public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor,
            Implementation.Context implementationContext, TypePool typePool,
            FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods, int writerFlags, int readerFlags) {
        return new ClassVisitor(OpenedClassReader.ASM_API, classVisitor) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(OpenedClassReader.ASM_API, super.visitMethod(access, name, descriptor, signature,
                        exceptions)) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String methodDescriptor,
                            boolean isInterface) {
                        if (isGetConnection(opcode, owner, method)) {
                            count.incrementAndGet();
                            // the same descriptor: (String), (String, Properties) or (String, String, String)
                            super.visitMethodInsn(opcode, REDIRECTED, method, methodDescriptor, false);
                        } else {
                            super.visitMethodInsn(opcode, owner, method, methodDescriptor, isInterface);
                        }
                    }
                };
            }
        };
    }
}
