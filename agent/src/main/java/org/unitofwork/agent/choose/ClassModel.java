package org.unitofwork.agent.choose;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.unitofwork.agent.config.UnitAttributes;

/**
 * What the weaver needs to know of a class that passed the {@link ClassFilter}, read from its class
 * file in one pass, without loading a class: its names, its {@code @UnitOfWork} and its methods'
 * (with their attributes as the class file holds them), and how many locals each method's code uses,
 * so that woven code can put its own after them.
 *
 * @param internalName the class's name with slashes
 * @param nested each nested class the class file names, by internal name: its enclosing class and its
 *     simple name
 * @param annotation the attributes of the class's own {@code @UnitOfWork}, or null
 * @param methods the methods it declares, in class file order
 */
public record ClassModel(String internalName, Map<String, Nested> nested, UnitAttributes annotation,
        List<Method> methods) {
    static final int API = Opcodes.ASM9;
    private static final String UNIT_OF_WORK = "Lorg/unitofwork/UnitOfWork;";

    /** What a method's returns leave on the operand stack besides the result ({@link OperandStackAtReturns}). */
    public enum StackAtReturns {
        /** Nothing: each return has only its result, as javac compiles it. */
        CLEAN,
        /** Values below the result at some return. */
        EXTRA_VALUES,
        /** Not known: some return could not be followed (code without stack map frames that no jump reaches in order). */
        NOT_FOLLOWED
    }

    /**
     * A nested class as the class file's {@code InnerClasses} attribute names it (javac lists every
     * nested class a class file refers to).
     *
     * @param outer the internal name of the class that encloses it, null for a local or anonymous class
     * @param simpleName its simple name, empty for an anonymous class
     */
    public record Nested(String outer, String simpleName) {
    }

    /**
     * A declared method.
     *
     * @param access its access flags
     * @param name its name
     * @param descriptor its descriptor
     * @param signature its generic signature, or null
     * @param annotation the attributes of its own {@code @UnitOfWork}, or null
     * @param maxLocals the locals its code uses; 0 without code
     * @param parameterNames its parameters' names, when the class file records them (compiled with
     *     {@code -parameters}); else empty
     * @param stackAtReturns what its returns leave on the operand stack besides the result
     */
    public record Method(int access, String name, String descriptor, String signature, UnitAttributes annotation,
            int maxLocals, List<String> parameterNames, StackAtReturns stackAtReturns) {
        /**
         * Whether a return of its code leaves values on the operand stack below the result, which woven
         * code cannot carry.
         *
         * @return whether it does
         */
        public boolean extraValuesAtReturn() {
            return stackAtReturns == StackAtReturns.EXTRA_VALUES;
        }

        /**
         * A parameter's name as the class file records it, {@code arg0}, {@code arg1}… when it does not.
         *
         * @param index the parameter's index
         * @return its name
         */
        public String parameterName(int index) {
            String recorded = index < parameterNames.size() ? parameterNames.get(index) : null;
            return recorded != null ? recorded : "arg" + index;
        }

        /**
         * Whether the method has an access flag.
         *
         * @param flag an access flag ({@code Opcodes.ACC_…})
         * @return whether the method has it
         */
        public boolean is(int flag) {
            return (access & flag) != 0;
        }

        /**
         * Whether it is a constructor.
         *
         * @return whether it is
         */
        public boolean isConstructor() {
            return name.equals("<init>");
        }

        /**
         * Whether it is the class's static initializer.
         *
         * @return whether it is
         */
        public boolean isTypeInitializer() {
            return name.equals("<clinit>");
        }
    }

    /**
     * The class's binary name.
     *
     * @return the name, with dots
     */
    public String className() {
        return internalName.replace('/', '.');
    }

    /**
     * The simple name of a class this class file names: {@code Inner} for {@code Outer$Inner}, as javac says it.
     *
     * @param internalClassName the class's name with slashes
     * @return its simple name
     */
    public String simpleName(String internalClassName) {
        Nested known = nested.get(internalClassName);
        return known != null ? known.simpleName() : internalClassName.substring(internalClassName.lastIndexOf('/') + 1);
    }

    /**
     * The name of a class this class file names as source writes it qualified: {@code java.util.Map.Entry}
     * for {@code java/util/Map$Entry}; a local or anonymous class by its binary name.
     *
     * @param internalClassName the class's name with slashes
     * @return its source name
     */
    public String sourceName(String internalClassName) {
        Nested known = nested.get(internalClassName);
        return known != null && known.outer() != null ? sourceName(known.outer()) + "." + known.simpleName()
                : internalClassName.replace('/', '.');
    }

    /**
     * The name of a type as source writes it qualified: {@code int}, {@code java.util.Map.Entry},
     * {@code java.lang.String[]}.
     *
     * @param type a field or parameter type
     * @return its source name
     */
    public String sourceName(Type type) {
        return switch (type.getSort()) {
            case Type.ARRAY -> sourceName(type.getElementType()) + "[]".repeat(type.getDimensions());
            case Type.OBJECT -> sourceName(type.getInternalName());
            default -> type.getClassName();
        };
    }

    /**
     * Reads the class file; the {@link ClassReader} is kept for weaving.
     *
     * @param reader the class file's reader
     * @return the model
     */
    public static ClassModel read(ClassReader reader) {
        Collector collector = new Collector();
        // not SKIP_DEBUG: it would skip the parameters' names too; the frames as the class file holds
        // them, not expanded: they give the stack's height after a jump
        reader.accept(collector, 0);
        List<Method> methods = collector.methods;
        for (int i = 0; i < methods.size(); i++) {
            Method method = methods.get(i);
            if (method.stackAtReturns() == StackAtReturns.NOT_FOLLOWED) {
                methods.set(i, new Method(method.access(), method.name(), method.descriptor(), method.signature(),
                        method.annotation(), method.maxLocals(), method.parameterNames(),
                        followedAgain(reader, method, collector.stacks.get(i).learned())));
            }
        }
        return new ClassModel(reader.getClassName(), Map.copyOf(collector.nested),
                collector.annotation == null ? null : collector.annotation.attributes(), List.copyOf(methods));
    }

    /**
     * Follows one method's code again, with the heights the previous passes learned at its labels,
     * until each return is judged or a pass learns nothing more. Only code without stack map frames
     * (class files older than Java 6) ever needs it.
     */
    private static StackAtReturns followedAgain(ClassReader reader, Method method, Map<Integer, Integer> learned) {
        while (true) {
            int known = learned.size();
            OperandStackAtReturns again = new OperandStackAtReturns(learned);
            // the same flags as the first pass: the labels come in the same order
            reader.accept(new ClassVisitor(API) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    return name.equals(method.name()) && descriptor.equals(method.descriptor()) ? again : null;
                }
            }, 0);
            if (again.extraValuesAtReturn()) {
                return StackAtReturns.EXTRA_VALUES;
            }
            if (!again.returnNotJudged()) {
                return StackAtReturns.CLEAN;
            }
            if (again.learned().size() == known) {
                return StackAtReturns.NOT_FOLLOWED;
            }
        }
    }

    private static StackAtReturns verdict(OperandStackAtReturns stack) {
        return stack.extraValuesAtReturn() ? StackAtReturns.EXTRA_VALUES
                : stack.returnNotJudged() ? StackAtReturns.NOT_FOLLOWED : StackAtReturns.CLEAN;
    }

    private static final class Collector extends ClassVisitor {
        private final Map<String, Nested> nested = new HashMap<>();
        private UnitAnnotation annotation;
        private final List<Method> methods = new ArrayList<>();
        /** Each method's stack heights, for the methods to follow again. */
        private final List<OperandStackAtReturns> stacks = new ArrayList<>();

        Collector() {
            super(API);
        }

        @Override
        public void visitInnerClass(String name, String outerName, String innerName, int access) {
            nested.put(name, new Nested(outerName, innerName == null ? "" : innerName));
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            // not repeatable: one at most, and other annotations are not read
            return descriptor.equals(UNIT_OF_WORK) ? (annotation = new UnitAnnotation()) : null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            OperandStackAtReturns stack = new OperandStackAtReturns();
            return new MethodVisitor(API, stack) {
                private UnitAnnotation own;
                private int maxLocals;
                private final List<String> parameterNames = new ArrayList<>();

                @Override
                public void visitParameter(String parameterName, int parameterAccess) {
                    parameterNames.add(parameterName);
                }

                @Override
                public AnnotationVisitor visitAnnotation(String annotationDescriptor, boolean visible) {
                    return annotationDescriptor.equals(UNIT_OF_WORK) ? (own = new UnitAnnotation()) : null;
                }

                @Override
                public void visitMaxs(int maxStack, int locals) {
                    maxLocals = locals;
                    super.visitMaxs(maxStack, locals);
                }

                @Override
                public void visitEnd() {
                    methods.add(new Method(access, name, descriptor, signature, own == null ? null : own.attributes(),
                            maxLocals, Collections.unmodifiableList(parameterNames), verdict(stack)));
                    stacks.add(stack);
                }
            };
        }
    }
}
