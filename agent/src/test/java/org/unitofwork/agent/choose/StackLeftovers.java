package org.unitofwork.agent.choose;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * A class file javac would never write: its {@code @UnitOfWork} method {@code int answer(boolean)}
 * returns 7 with a value left below it on the operand stack when its argument is true, and 0, as
 * javac would, when it is false.
 */
public final class StackLeftovers {
    private StackLeftovers() {
    }

    /**
     * @param internalName the class's name, with slashes
     * @return its class file
     */
    public static byte[] classFile(String internalName) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
        MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        constructor.visitCode();
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        constructor.visitInsn(Opcodes.RETURN);
        constructor.visitMaxs(0, 0);
        constructor.visitEnd();
        MethodVisitor answer = writer.visitMethod(Opcodes.ACC_PUBLIC, "answer", "(Z)I", null, null);
        answer.visitAnnotation("Lorg/unitofwork/UnitOfWork;", true).visitEnd();
        answer.visitCode();
        Label no = new Label();
        answer.visitVarInsn(Opcodes.ILOAD, 1);
        answer.visitJumpInsn(Opcodes.IFEQ, no);
        answer.visitLdcInsn(42L); // left below the result
        answer.visitIntInsn(Opcodes.BIPUSH, 7);
        answer.visitInsn(Opcodes.IRETURN);
        answer.visitLabel(no);
        answer.visitInsn(Opcodes.ICONST_0);
        answer.visitInsn(Opcodes.IRETURN);
        answer.visitMaxs(0, 0);
        answer.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
