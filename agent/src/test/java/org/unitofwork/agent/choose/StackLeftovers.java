package org.unitofwork.agent.choose;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Class files javac would never write: their {@code @UnitOfWork} method {@code int answer(boolean)}
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
        MethodVisitor answer = start(writer, internalName, Opcodes.V17);
        Label no = new Label();
        answer.visitVarInsn(Opcodes.ILOAD, 1);
        answer.visitJumpInsn(Opcodes.IFEQ, no);
        answer.visitLdcInsn(42L); // left below the result
        answer.visitIntInsn(Opcodes.BIPUSH, 7);
        answer.visitInsn(Opcodes.IRETURN);
        answer.visitLabel(no);
        answer.visitInsn(Opcodes.ICONST_0);
        answer.visitInsn(Opcodes.IRETURN);
        return end(writer, answer);
    }

    /**
     * A class file without stack map frames, its method laid out as old compilers laid out loops,
     * the test at the bottom; the return with a value left below the result, when there is one, is
     * reached only by the backward jump:
     * <pre>
     *     goto TEST
     * BODY:
     *     lconst_0               (with {@code leftover})
     *     bipush 7
     *     ireturn
     * TEST:
     *     iload_1
     *     ifne BODY
     *     iconst_0
     *     ireturn
     * </pre>
     *
     * @param internalName the class's name, with slashes
     * @param version the class file version, before Java 7 ({@code Opcodes.V1_4} …)
     * @param leftover whether the first return leaves a long below its result
     * @return its class file
     */
    public static byte[] loopShaped(String internalName, int version, boolean leftover) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        MethodVisitor answer = start(writer, internalName, version);
        Label body = new Label();
        Label test = new Label();
        answer.visitJumpInsn(Opcodes.GOTO, test);
        answer.visitLabel(body);
        if (leftover) {
            answer.visitInsn(Opcodes.LCONST_0);
        }
        answer.visitIntInsn(Opcodes.BIPUSH, 7);
        answer.visitInsn(Opcodes.IRETURN);
        answer.visitLabel(test);
        answer.visitVarInsn(Opcodes.ILOAD, 1);
        answer.visitJumpInsn(Opcodes.IFNE, body);
        answer.visitInsn(Opcodes.ICONST_0);
        answer.visitInsn(Opcodes.IRETURN);
        return end(writer, answer);
    }

    /** The class with its constructor, and the start of {@code @UnitOfWork int answer(boolean)}. */
    private static MethodVisitor start(ClassWriter writer, String internalName, int version) {
        writer.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
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
        return answer;
    }

    private static byte[] end(ClassWriter writer, MethodVisitor answer) {
        answer.visitMaxs(0, 0);
        answer.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /**
     * Defines a class in a class loader of its own, below {@code parent}: the agent, when installed,
     * sees it load.
     *
     * @param name the class's binary name
     * @param classFile its class file
     * @param parent the loader's parent
     * @return the class
     */
    public static Class<?> define(String name, byte[] classFile, ClassLoader parent) {
        return new ClassLoader(parent) {
            Class<?> define() {
                return defineClass(name, classFile, 0, classFile.length);
            }
        }.define();
    }
}
