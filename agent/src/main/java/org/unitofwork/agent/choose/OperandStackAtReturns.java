package org.unitofwork.agent.choose;

import java.util.HashMap;
import java.util.Map;
import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Follows the height of a method's operand stack, instruction by instruction, to tell whether any of
 * its returns leaves values on the stack below the result. The JVM allows it (it discards them), and
 * optimizers and compilers other than javac write it; but a woven method's returns jump to the
 * boundary's exit, whose stack map frame holds an empty stack, and the JVM would refuse the woven
 * class. Such a method is left unwoven (S23).
 *
 * <p>The height after an unconditional jump is taken from the next stack map frame, or from a jump
 * seen earlier to the same label. Class files older than Java 6 carry no frames: there, code reached
 * only by a jump further down has a height known only once that jump is seen, and the method is
 * followed again with what the previous pass learned ({@link #learned}) until every return is
 * judged or a pass learns nothing more.
 */
final class OperandStackAtReturns extends MethodVisitor {
    private static final int UNKNOWN = -1;

    /** The height before the next instruction, or {@link #UNKNOWN}. */
    private int height;
    /** The heights that jumps and exception handlers give their targets. */
    private final Map<Label, Integer> atLabels = new HashMap<>();
    /** Each label's place among the labels of the code, the same in every pass over it. */
    private final Map<Label, Integer> places = new HashMap<>();
    /** Heights of labels by place, learned by the previous passes. */
    private final Map<Integer, Integer> learned;
    private boolean extraValuesAtReturn;
    private boolean returnNotJudged;

    /** A first pass over a method's code. */
    OperandStackAtReturns() {
        this(new HashMap<>());
    }

    /** @param learned the heights of labels by place that previous passes learned; this pass adds to it */
    OperandStackAtReturns(Map<Integer, Integer> learned) {
        super(ClassModel.API);
        this.learned = learned;
    }

    /** @return whether some return leaves values below its result */
    boolean extraValuesAtReturn() {
        return extraValuesAtReturn;
    }

    /** @return whether some return was reached at a height not known in this pass */
    boolean returnNotJudged() {
        return returnNotJudged;
    }

    /**
     * Adds what this pass learned to the heights by place, for the next pass.
     *
     * @return the heights of labels by place, at least as many as before
     */
    Map<Integer, Integer> learned() {
        for (Map.Entry<Label, Integer> jump : atLabels.entrySet()) {
            Integer place = places.get(jump.getKey());
            if (place != null) {
                learned.putIfAbsent(place, jump.getValue());
            }
        }
        return learned;
    }

    @Override
    public void visitCode() {
        height = 0;
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        atLabels.put(handler, 1); // the exception alone
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        height = switch (type) {
            case Opcodes.F_SAME, Opcodes.F_APPEND, Opcodes.F_CHOP -> 0;
            case Opcodes.F_SAME1 -> size(stack[0]);
            default -> {
                int total = 0;
                for (int i = 0; i < numStack; i++) {
                    total += size(stack[i]);
                }
                yield total;
            }
        };
    }

    @Override
    public void visitLabel(Label label) {
        int place = places.size();
        places.put(label, place);
        if (height == UNKNOWN) {
            Integer known = atLabels.get(label);
            if (known == null) {
                known = learned.get(place);
            }
            height = known == null ? UNKNOWN : known;
        }
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            int result = opcode == Opcodes.RETURN ? 0 : opcode == Opcodes.LRETURN || opcode == Opcodes.DRETURN ? 2 : 1;
            if (height == UNKNOWN) {
                returnNotJudged = true;
            } else if (height != result) {
                extraValuesAtReturn = true;
            }
            height = UNKNOWN;
        } else if (opcode == Opcodes.ATHROW) {
            height = UNKNOWN;
        } else {
            change(effect(opcode));
        }
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        change(opcode == Opcodes.NEWARRAY ? 0 : 1);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        switch (opcode) {
            case Opcodes.ILOAD, Opcodes.FLOAD, Opcodes.ALOAD -> change(1);
            case Opcodes.LLOAD, Opcodes.DLOAD -> change(2);
            case Opcodes.ISTORE, Opcodes.FSTORE, Opcodes.ASTORE -> change(-1);
            case Opcodes.LSTORE, Opcodes.DSTORE -> change(-2);
            default -> height = UNKNOWN; // RET
        }
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        change(opcode == Opcodes.NEW ? 1 : 0);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        int size = Type.getType(descriptor).getSize();
        change(switch (opcode) {
            case Opcodes.GETSTATIC -> size;
            case Opcodes.PUTSTATIC -> -size;
            case Opcodes.GETFIELD -> size - 1;
            default -> -size - 1;
        });
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        invoke(descriptor, opcode != Opcodes.INVOKESTATIC);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrapMethodHandle,
            Object... bootstrapMethodArguments) {
        invoke(descriptor, false);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        switch (opcode) {
            case Opcodes.GOTO -> {
                jumpTo(label);
                height = UNKNOWN;
            }
            case Opcodes.JSR -> {
                change(1);
                jumpTo(label);
                change(-1); // the subroutine returns to the next instruction without its address
            }
            case Opcodes.IF_ICMPEQ, Opcodes.IF_ICMPNE, Opcodes.IF_ICMPLT, Opcodes.IF_ICMPGE, Opcodes.IF_ICMPGT,
                    Opcodes.IF_ICMPLE, Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE -> {
                change(-2);
                jumpTo(label);
            }
            default -> {
                change(-1); // IFEQ … IFLE, IFNULL, IFNONNULL
                jumpTo(label);
            }
        }
    }

    @Override
    public void visitLdcInsn(Object value) {
        change(value instanceof Long || value instanceof Double ? 2
                : value instanceof ConstantDynamic constant ? constant.getSize() : 1);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        switchTo(dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        switchTo(dflt, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        change(1 - numDimensions);
    }

    private void invoke(String descriptor, boolean hasReceiver) {
        int sizes = Type.getArgumentsAndReturnSizes(descriptor); // arguments with a receiver, then the result
        change((sizes & 0x3) - (sizes >> 2) + (hasReceiver ? 0 : 1));
    }

    private void switchTo(Label dflt, Label[] labels) {
        change(-1);
        jumpTo(dflt);
        for (Label label : labels) {
            jumpTo(label);
        }
        height = UNKNOWN;
    }

    private void jumpTo(Label label) {
        if (height != UNKNOWN) {
            atLabels.putIfAbsent(label, height);
        }
    }

    private void change(int delta) {
        if (height != UNKNOWN) {
            height += delta;
        }
    }

    /** How an instruction without operands changes the stack's height (the returns and ATHROW apart). */
    private static int effect(int opcode) {
        return switch (opcode) {
            case Opcodes.ACONST_NULL, Opcodes.ICONST_M1, Opcodes.ICONST_0, Opcodes.ICONST_1, Opcodes.ICONST_2,
                    Opcodes.ICONST_3, Opcodes.ICONST_4, Opcodes.ICONST_5, Opcodes.FCONST_0, Opcodes.FCONST_1,
                    Opcodes.FCONST_2, Opcodes.DUP, Opcodes.DUP_X1, Opcodes.DUP_X2, Opcodes.I2L, Opcodes.I2D,
                    Opcodes.F2L, Opcodes.F2D -> 1;
            case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1, Opcodes.DUP2,
                    Opcodes.DUP2_X1, Opcodes.DUP2_X2 -> 2;
            case Opcodes.IALOAD, Opcodes.FALOAD, Opcodes.AALOAD, Opcodes.BALOAD, Opcodes.CALOAD, Opcodes.SALOAD,
                    Opcodes.POP, Opcodes.IADD, Opcodes.FADD, Opcodes.ISUB, Opcodes.FSUB, Opcodes.IMUL, Opcodes.FMUL,
                    Opcodes.IDIV, Opcodes.FDIV, Opcodes.IREM, Opcodes.FREM, Opcodes.ISHL, Opcodes.LSHL, Opcodes.ISHR,
                    Opcodes.LSHR, Opcodes.IUSHR, Opcodes.LUSHR, Opcodes.IAND, Opcodes.IOR, Opcodes.IXOR, Opcodes.L2I,
                    Opcodes.L2F, Opcodes.D2I, Opcodes.D2F, Opcodes.FCMPL, Opcodes.FCMPG, Opcodes.MONITORENTER,
                    Opcodes.MONITOREXIT -> -1;
            case Opcodes.POP2, Opcodes.LADD, Opcodes.DADD, Opcodes.LSUB, Opcodes.DSUB, Opcodes.LMUL, Opcodes.DMUL,
                    Opcodes.LDIV, Opcodes.DDIV, Opcodes.LREM, Opcodes.DREM, Opcodes.LAND, Opcodes.LOR,
                    Opcodes.LXOR -> -2;
            case Opcodes.IASTORE, Opcodes.FASTORE, Opcodes.AASTORE, Opcodes.BASTORE, Opcodes.CASTORE,
                    Opcodes.SASTORE, Opcodes.LCMP, Opcodes.DCMPL, Opcodes.DCMPG -> -3;
            case Opcodes.LASTORE, Opcodes.DASTORE -> -4;
            default -> 0; // NOP, LALOAD, DALOAD, SWAP, the negations, conversions of one size, ARRAYLENGTH
        };
    }

    private static int size(Object frameType) {
        return frameType == Opcodes.LONG || frameType == Opcodes.DOUBLE ? 2 : 1;
    }
}
