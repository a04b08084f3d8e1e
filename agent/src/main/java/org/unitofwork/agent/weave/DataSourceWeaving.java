package org.unitofwork.agent.weave;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.unitofwork.agent.adopt.AdoptedDataSources;

/**
 * Weaves a configured data source class, inline: its {@code getConnection()} first asks
 * {@link AdoptedDataSources#connectionFor} and returns what that gives instead of running its body
 * (inside a unit, the unit's connection); its constructors end by handing the new instance to
 * {@link AdoptedDataSources#adopt}, so that units naming the database can begin before the
 * application first asks it for a connection; its {@code close()}, if it declares one, ends by handing
 * the instance to {@link AdoptedDataSources#closed}, which frees its database (and with it the class
 * loader of the application that created it, a webapp being undeployed, say).
 */
public final class DataSourceWeaving {
    private static final String CONNECTION = "java/sql/Connection";
    /** The one {@code getConnection} woven: what it returns must be what {@code connectionFor} gives. */
    public static final String GET_CONNECTION = "()L" + CONNECTION + ";";

    private DataSourceWeaving() {
    }

    /** {@code getConnection()}: the adopted connection when there is one, else the body as written. */
    static MethodVisitor getConnection(MethodVisitor next, String owner, String database) {
        return new MethodVisitor(Opcodes.ASM9, next) {
            @Override
            public void visitCode() {
                super.visitCode();
                Label runBody = new Label();
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitLdcInsn(database);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, WovenCalls.DATA_SOURCES, "connectionFor",
                        "(Ljava/lang/Object;Ljava/lang/String;)L" + CONNECTION + ";", false);
                super.visitInsn(Opcodes.DUP);
                super.visitJumpInsn(Opcodes.IFNULL, runBody);
                super.visitInsn(Opcodes.ARETURN);
                super.visitLabel(runBody);
                super.visitFrame(Opcodes.F_NEW, 1, new Object[] {owner}, 1, new Object[] {CONNECTION});
                // also keeps the body's own first frame, if it has one, off this frame's instruction
                super.visitInsn(Opcodes.POP);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                super.visitMaxs(Math.max(maxStack, 2), maxLocals);
            }
        };
    }

    /** A constructor: each normal return adopts the instance first. */
    static MethodVisitor constructor(MethodVisitor next, String database) {
        return atEachReturn(next, "adopt", database);
    }

    /** {@code close()}: each normal return frees the instance's database. */
    static MethodVisitor close(MethodVisitor next) {
        return atEachReturn(next, "closed", null);
    }

    /**
     * Calls {@code AdoptedDataSources.<method>(this[, database])} before each normal return of a
     * method that returns nothing.
     */
    private static MethodVisitor atEachReturn(MethodVisitor next, String method, String database) {
        return new MethodVisitor(Opcodes.ASM9, next) {
            @Override
            public void visitInsn(int opcode) {
                if (opcode == Opcodes.RETURN) {
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    if (database != null) {
                        super.visitLdcInsn(database);
                    }
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, WovenCalls.DATA_SOURCES, method, database != null
                            ? "(Ljava/lang/Object;Ljava/lang/String;)V" : "(Ljava/lang/Object;)V", false);
                }
                super.visitInsn(opcode);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                // above whatever a return leaves on the stack, which javac never does, but the JVM allows
                super.visitMaxs(maxStack + 2, maxLocals);
            }
        };
    }
}
