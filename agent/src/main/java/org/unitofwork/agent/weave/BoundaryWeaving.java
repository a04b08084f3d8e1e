package org.unitofwork.agent.weave;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Weaves the boundary protocol of {@code Scope} around one method's body, inline, as the generated
 * wrapper runs it around a call:
 *
 * <pre>
 * copy the arguments;  scope = WovenBoundaries.begin(number)
 * prepare: [supply the injected parameter: scope.session(), .connection() or .session().get(Type),
 *           a failure of which is scope = scope.failed(failure), and again]
 *          restore the arguments from their copies
 * restart: the method's body, each return storing its value and going to exit, a catch-all around it
 * exit:    scope = scope.exit(thrown); when it gives a scope, the next attempt: go to prepare;
 *          else re-throw what the body threw, or return its value
 * </pre>
 *
 * The body sees on every attempt the arguments its caller passed, as a wrapper's retry would pass
 * them again. The woven code's locals follow the method's own ({@code maxLocals} of its code), so
 * the body's instructions stay as they are; every stack map frame of the body is extended with them,
 * and the woven code's own frames are written whole. Nothing is computed from class hierarchies and
 * no class is loaded: the frames come from the body's own frames and the method's descriptor.
 */
final class BoundaryWeaving extends MethodVisitor {
    private static final String SCOPE = "org/unitofwork/Scope";
    private static final String SESSION = "org/unitofwork/Session";
    private static final String CONNECTION = "java/sql/Connection";
    private static final String THROWABLE = "java/lang/Throwable";
    /** What the woven code's own instructions need on the operand stack at most. */
    private static final int OWN_STACK = 3;

    private final String owner;
    private final boolean isStatic;
    private final Type[] arguments;
    private final Type returnType;
    private final int number;
    /** The index of the argument the unit supplies, or -1. */
    private final int injected;

    private final int[] slots;
    private final int scope;
    private final int thrown;
    /** Per argument, the local holding the caller's value; -1 for the injected one. */
    private final int[] copies;
    private final int result;
    private final int maxLocals;

    private final Label prepare = new Label();
    private final Label restart = new Label();
    private final Label supplyFailed = new Label();
    private final Label bodyEnd = new Label();
    private final Label handler = new Label();
    private final Label exit = new Label();
    private final Label done = new Label();
    private final Label returns = new Label();

    /**
     * @param access the method's access flags
     * @param descriptor the method's descriptor
     * @param owner the class's internal name
     * @param maxLocals the locals the method's code uses
     * @param number the boundary's number in {@link WovenBoundaries}
     * @param injected the index of the argument the unit supplies, or -1
     */
    BoundaryWeaving(MethodVisitor writer, int access, String descriptor, String owner, int maxLocals, int number,
            int injected) {
        super(Opcodes.ASM9, writer);
        this.owner = owner;
        this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
        this.arguments = Type.getArgumentTypes(descriptor);
        this.returnType = Type.getReturnType(descriptor);
        this.number = number;
        this.injected = injected;
        slots = new int[arguments.length];
        int slot = isStatic ? 0 : 1;
        for (int i = 0; i < arguments.length; i++) {
            slots[i] = slot;
            slot += arguments[i].getSize();
        }
        int local = maxLocals;
        scope = local++;
        thrown = local++;
        copies = new int[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            copies[i] = i == injected ? -1 : local;
            local += i == injected ? 0 : arguments[i].getSize();
        }
        result = local;
        this.maxLocals = local + returnType.getSize();
    }

    @Override
    public void visitCode() {
        super.visitCode();
        for (int i = 0; i < arguments.length; i++) {
            if (copies[i] >= 0) {
                super.visitVarInsn(arguments[i].getOpcode(Opcodes.ILOAD), slots[i]);
                super.visitVarInsn(arguments[i].getOpcode(Opcodes.ISTORE), copies[i]);
            }
        }
        push(number);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, WovenCalls.BOUNDARIES, "begin", "(I)L" + SCOPE + ";", false);
        super.visitVarInsn(Opcodes.ASTORE, scope);
        if (hasPreparation()) {
            super.visitLabel(prepare);
            frame(ownFrame(false, false));
            if (injected >= 0) {
                supply();
            }
            for (int i = 0; i < arguments.length; i++) {
                if (copies[i] >= 0) {
                    super.visitVarInsn(arguments[i].getOpcode(Opcodes.ILOAD), copies[i]);
                    super.visitVarInsn(arguments[i].getOpcode(Opcodes.ISTORE), slots[i]);
                }
            }
        }
        super.visitLabel(restart);
        frame(ownFrame(true, false));
        // the body's own first frame, if it has one, must not fall on the same instruction as this one
        super.visitInsn(Opcodes.NOP);
    }

    private boolean hasPreparation() {
        return injected >= 0 || arguments.length > 0;
    }

    /** Sets the injected argument to the unit's object of its type; a failure ends the scope, which may retry. */
    private void supply() {
        Label start = new Label();
        Label end = new Label();
        super.visitTryCatchBlock(start, end, supplyFailed, THROWABLE);
        super.visitLabel(start);
        super.visitVarInsn(Opcodes.ALOAD, scope);
        Type type = arguments[injected];
        if (type.getInternalName().equals(SESSION)) {
            super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SCOPE, "session", "()L" + SESSION + ";", false);
        } else if (type.getInternalName().equals(CONNECTION)) {
            super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SCOPE, "connection", "()L" + CONNECTION + ";", false);
        } else {
            super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SCOPE, "session", "()L" + SESSION + ";", false);
            super.visitLdcInsn(type);
            super.visitMethodInsn(Opcodes.INVOKEINTERFACE, SESSION, "get", "(Ljava/lang/Class;)Ljava/lang/Object;", true);
            super.visitTypeInsn(Opcodes.CHECKCAST, type.getInternalName());
        }
        super.visitVarInsn(Opcodes.ASTORE, slots[injected]);
        super.visitLabel(end);
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        // expanded frames (ClassReader.EXPAND_FRAMES): the locals are complete, so the woven ones go after them
        Object[] extended = new Object[maxLocals];
        int count = 0;
        int slot = 0;
        for (int i = 0; i < numLocal; i++) {
            extended[count++] = local[i];
            slot += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
        }
        count = ownLocals(extended, count, slot, false);
        super.visitFrame(type, count, extended, numStack, stack);
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            if (returnType.getSort() != Type.VOID) {
                super.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), result);
            }
            super.visitInsn(Opcodes.ACONST_NULL);
            super.visitVarInsn(Opcodes.ASTORE, thrown);
            super.visitJumpInsn(Opcodes.GOTO, exit);
        } else {
            super.visitInsn(opcode);
        }
    }

    @Override
    public void visitMaxs(int maxStack, int ignoredMaxLocals) {
        super.visitLabel(bodyEnd);
        // after the body's own handlers, so that they catch first
        super.visitTryCatchBlock(restart, bodyEnd, handler, THROWABLE);

        super.visitLabel(handler);
        frame(ownFrame(false, false), THROWABLE);
        super.visitVarInsn(Opcodes.ASTORE, thrown);
        if (returnType.getSort() != Type.VOID) {
            pushDefault();
            super.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), result);
        }

        super.visitLabel(exit);
        frame(ownFrame(false, true));
        super.visitVarInsn(Opcodes.ALOAD, scope);
        super.visitVarInsn(Opcodes.ALOAD, thrown);
        super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SCOPE, "exit", "(L" + THROWABLE + ";)L" + SCOPE + ";", false);
        super.visitVarInsn(Opcodes.ASTORE, scope);
        super.visitVarInsn(Opcodes.ALOAD, scope);
        super.visitJumpInsn(Opcodes.IFNULL, done);
        super.visitJumpInsn(Opcodes.GOTO, hasPreparation() ? prepare : restart);

        super.visitLabel(done);
        frame(ownFrame(false, true));
        super.visitVarInsn(Opcodes.ALOAD, thrown);
        super.visitJumpInsn(Opcodes.IFNULL, returns);
        super.visitVarInsn(Opcodes.ALOAD, thrown);
        super.visitInsn(Opcodes.ATHROW);

        super.visitLabel(returns);
        frame(ownFrame(false, true));
        if (returnType.getSort() != Type.VOID) {
            super.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), result);
        }
        super.visitInsn(returnType.getOpcode(Opcodes.IRETURN));

        if (injected >= 0) {
            super.visitLabel(supplyFailed);
            frame(ownFrame(false, false), THROWABLE);
            super.visitVarInsn(Opcodes.ALOAD, scope);
            super.visitInsn(Opcodes.SWAP);
            super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SCOPE, "failed", "(L" + THROWABLE + ";)L" + SCOPE + ";", false);
            super.visitVarInsn(Opcodes.ASTORE, scope);
            super.visitJumpInsn(Opcodes.GOTO, prepare);
        }
        super.visitMaxs(Math.max(maxStack, OWN_STACK), maxLocals);
    }

    /**
     * The locals of a frame of the woven code: {@code this}; the arguments with their declared types
     * where the body begins ({@code typedArguments}), else unknown (the body may have stored anything
     * there; they are restored before it runs again); the woven locals; and the body's outcome, where
     * it is known ({@code outcome}).
     */
    private Object[] ownFrame(boolean typedArguments, boolean outcome) {
        Object[] locals = new Object[maxLocals];
        int count = 0;
        int slot = 0;
        if (!isStatic) {
            locals[count++] = owner;
            slot++;
        }
        for (Type argument : arguments) {
            if (typedArguments) {
                locals[count++] = frameType(argument);
            } else {
                for (int s = 0; s < argument.getSize(); s++) {
                    locals[count++] = Opcodes.TOP;
                }
            }
            slot += argument.getSize();
        }
        int length = ownLocals(locals, count, slot, outcome);
        Object[] trimmed = new Object[length];
        System.arraycopy(locals, 0, trimmed, 0, length);
        return trimmed;
    }

    /**
     * Appends to a frame's locals, which fill {@code slot} slots in {@code count} entries, the woven
     * locals: unknown up to the method's own {@code maxLocals}, the scope, what the body threw and the
     * argument copies, then its return value where {@code outcome} is known.
     *
     * @return the number of entries
     */
    private int ownLocals(Object[] locals, int count, int slot, boolean outcome) {
        int n = count;
        for (int s = slot; s < scope; s++) {
            locals[n++] = Opcodes.TOP;
        }
        locals[n++] = SCOPE;
        locals[n++] = outcome ? THROWABLE : Opcodes.TOP;
        for (int i = 0; i < arguments.length; i++) {
            if (copies[i] >= 0) {
                locals[n++] = frameType(arguments[i]);
            }
        }
        if (outcome && returnType.getSort() != Type.VOID) {
            locals[n++] = frameType(returnType);
        }
        return n;
    }

    /** A frame of the woven code (the writer leaves frames out of class files older than version 50, as they should be). */
    private void frame(Object[] locals, Object... stack) {
        super.visitFrame(Opcodes.F_NEW, locals.length, locals, stack.length, stack);
    }

    private static Object frameType(Type type) {
        return switch (type.getSort()) {
            case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.INTEGER;
            case Type.FLOAT -> Opcodes.FLOAT;
            case Type.LONG -> Opcodes.LONG;
            case Type.DOUBLE -> Opcodes.DOUBLE;
            default -> type.getInternalName(); // a class's internal name, an array's descriptor
        };
    }

    private void pushDefault() {
        switch (returnType.getSort()) {
            case Type.LONG -> super.visitInsn(Opcodes.LCONST_0);
            case Type.FLOAT -> super.visitInsn(Opcodes.FCONST_0);
            case Type.DOUBLE -> super.visitInsn(Opcodes.DCONST_0);
            case Type.ARRAY, Type.OBJECT -> super.visitInsn(Opcodes.ACONST_NULL);
            default -> super.visitInsn(Opcodes.ICONST_0);
        }
    }

    private void push(int value) {
        if (value <= Short.MAX_VALUE) {
            super.visitIntInsn(value <= Byte.MAX_VALUE ? Opcodes.BIPUSH : Opcodes.SIPUSH, value);
        } else {
            super.visitLdcInsn(value);
        }
    }
}
