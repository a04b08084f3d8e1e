package org.unitofwork.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * A configured data source's constructor is woven too (each RETURN first pushes {@code this} and the
 * database's name): a constructor that returns with a value left on its stack gets room for both
 * above it, so the JVM accepts the woven class. in-process.conf names
 * {@code com.example.legacy.LegacyDataSource}; this one is defined by a loader of its own.
 */
class DataSourceConstructorStackTest {

    @Test
    void aDataSourceConstructorReturningWithALeftoverValueIsNotWovenIntoAVerifyError() throws Exception {
        InProcessAgent.install();
        String name = "com.example.legacy.LegacyDataSource";
        byte[] classFile = classFile(name.replace('.', '/'));
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
                if (className.equals(name)) {
                    synchronized (getClassLoadingLock(className)) {
                        Class<?> done = findLoadedClass(className);
                        return done != null ? done : defineClass(className, classFile, 0, classFile.length);
                    }
                }
                return super.loadClass(className, resolve);
            }
        };
        Class<?> type = Class.forName(name, true, loader); // linked: its methods verified
        assertTrue(javax.sql.DataSource.class.isAssignableFrom(type));
    }

    /** An abstract DataSource whose constructor returns with an int left on its stack (max_stack 1). */
    static byte[] classFile(String internalName) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER | Opcodes.ACC_ABSTRACT, internalName, null,
                "java/lang/Object", new String[] {"javax/sql/DataSource"});
        MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        constructor.visitCode();
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        constructor.visitInsn(Opcodes.ICONST_1); // left on the stack
        constructor.visitInsn(Opcodes.RETURN);
        constructor.visitMaxs(0, 0);
        constructor.visitEnd();
        MethodVisitor getConnection = writer.visitMethod(Opcodes.ACC_PUBLIC, "getConnection", "()Ljava/sql/Connection;",
                null, null);
        getConnection.visitCode();
        getConnection.visitInsn(Opcodes.ACONST_NULL);
        getConnection.visitInsn(Opcodes.ARETURN);
        getConnection.visitMaxs(0, 0);
        getConnection.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
