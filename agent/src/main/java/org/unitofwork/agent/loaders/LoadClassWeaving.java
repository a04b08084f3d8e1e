package org.unitofwork.agent.loaders;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Weaves a class loader's {@code loadClass(String, boolean)}, inline at its entry:
 *
 * <pre>
 * Class&lt;?&gt; c = SharedClasses.shared(this, name);
 * if (c != null) return c;
 * if (SharedClasses.ownCopyFirst(name)) {
 *     synchronized (getClassLoadingLock(name)) {
 *         try {
 *             c = findLoadedClass(name);
 *             return c != null ? c : findClass(name);
 *         } catch (ClassNotFoundException e) {
 *             // not in its own copy: on as written
 *         }
 *     }
 * }
 * // the method as written
 * </pre>
 *
 * <p>Only method bodies change. The locals it uses (one, for the lock) are dead before the method's own
 * code begins, so they reuse the method's slots; each of its frames is written here, and the method's
 * own are left as they are.
 */
final class LoadClassWeaving {
    static final String NAME = "loadClass";
    static final String DESCRIPTOR = "(Ljava/lang/String;Z)Ljava/lang/Class;";
    private static final String SHARED = "org/unitofwork/agent/loaders/SharedClasses";
    private static final String CLASS = "java/lang/Class";
    private static final String STRING = "java/lang/String";
    private static final String OBJECT = "java/lang/Object";

    private LoadClassWeaving() {
    }

    /** The class file with its {@code loadClass(String, boolean)} woven. */
    static byte[] weave(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        String owner = reader.getClassName();
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                boolean concrete = (access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
                return concrete && name.equals(NAME) && descriptor.equals(DESCRIPTOR) ? entry(method, owner) : method;
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    private static MethodVisitor entry(MethodVisitor next, String owner) {
        return new MethodVisitor(Opcodes.ASM9, next) {
            @Override
            public void visitCode() {
                super.visitCode();
                Object[] parameters = {owner, STRING, Opcodes.INTEGER};
                Object[] withLock = {owner, STRING, Opcodes.INTEGER, OBJECT};
                Label tryStart = new Label();
                Label tryEnd = new Label();
                Label notFound = new Label();
                Label failed = new Label();
                Label notShared = new Label();
                Label found = new Label();
                Label asWritten = new Label();
                super.visitTryCatchBlock(tryStart, tryEnd, notFound, "java/lang/ClassNotFoundException");
                super.visitTryCatchBlock(tryStart, tryEnd, failed, null);

                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitVarInsn(Opcodes.ALOAD, 1);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, SHARED, "shared",
                        "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Class;", false);
                super.visitInsn(Opcodes.DUP);
                super.visitJumpInsn(Opcodes.IFNULL, notShared);
                super.visitInsn(Opcodes.ARETURN);
                super.visitLabel(notShared);
                super.visitFrame(Opcodes.F_NEW, 3, parameters, 1, new Object[] {CLASS});
                super.visitInsn(Opcodes.POP);

                super.visitVarInsn(Opcodes.ALOAD, 1);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, SHARED, "ownCopyFirst", "(Ljava/lang/String;)Z", false);
                super.visitJumpInsn(Opcodes.IFEQ, asWritten);
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitVarInsn(Opcodes.ALOAD, 1);
                super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, "getClassLoadingLock",
                        "(Ljava/lang/String;)Ljava/lang/Object;", false);
                super.visitInsn(Opcodes.DUP);
                super.visitVarInsn(Opcodes.ASTORE, 3);
                super.visitInsn(Opcodes.MONITORENTER);
                super.visitLabel(tryStart);
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitVarInsn(Opcodes.ALOAD, 1);
                super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, "findLoadedClass", "(Ljava/lang/String;)Ljava/lang/Class;",
                        false);
                super.visitInsn(Opcodes.DUP);
                super.visitJumpInsn(Opcodes.IFNONNULL, found);
                super.visitInsn(Opcodes.POP);
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitVarInsn(Opcodes.ALOAD, 1);
                super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, "findClass", "(Ljava/lang/String;)Ljava/lang/Class;",
                        false);
                super.visitLabel(found);
                super.visitFrame(Opcodes.F_NEW, 4, withLock, 1, new Object[] {CLASS});
                super.visitLabel(tryEnd);
                super.visitVarInsn(Opcodes.ALOAD, 3);
                super.visitInsn(Opcodes.MONITOREXIT);
                super.visitInsn(Opcodes.ARETURN);

                super.visitLabel(notFound);
                super.visitFrame(Opcodes.F_NEW, 4, withLock, 1, new Object[] {"java/lang/ClassNotFoundException"});
                super.visitInsn(Opcodes.POP);
                super.visitVarInsn(Opcodes.ALOAD, 3);
                super.visitInsn(Opcodes.MONITOREXIT);
                super.visitJumpInsn(Opcodes.GOTO, asWritten);

                super.visitLabel(failed);
                super.visitFrame(Opcodes.F_NEW, 4, withLock, 1, new Object[] {"java/lang/Throwable"});
                super.visitVarInsn(Opcodes.ALOAD, 3);
                super.visitInsn(Opcodes.MONITOREXIT);
                super.visitInsn(Opcodes.ATHROW);

                super.visitLabel(asWritten);
                super.visitFrame(Opcodes.F_NEW, 3, parameters, 0, new Object[0]);
                // keeps the method's own first frame, if it has one, off the instruction of this one
                super.visitInsn(Opcodes.NOP);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                super.visitMaxs(Math.max(maxStack, 3), Math.max(maxLocals, 4));
            }
        };
    }
}
