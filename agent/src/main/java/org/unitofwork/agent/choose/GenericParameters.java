package org.unitofwork.agent.choose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.jar.asm.signature.SignatureReader;
import net.bytebuddy.jar.asm.signature.SignatureVisitor;
import org.unitofwork.conventions.ParameterShape;

/**
 * A method's parameters as its generic signature declares them: whether each type has type arguments
 * or is a type variable, and how source writes it ({@code com.example.Sheet<java.lang.String>},
 * {@code T}, {@code java.util.List<? extends java.lang.Number>}), for the messages of the injection
 * rule.
 */
public final class GenericParameters {
    private GenericParameters() {
    }

    /**
     * A parameter's declared type.
     *
     * @param form whether it is a plain type, one with type arguments, or a type variable
     * @param written the type as source writes it
     */
    public record Parameter(ParameterShape.Form form, String written) {
    }

    /**
     * Reads a method's generic signature.
     *
     * @param signature the method's generic signature, or null when it has none
     * @param count how many parameters its descriptor declares
     * @param type the class declaring the method, which names its nested classes as source does
     * @return per parameter, its declared type; all null when the signature does not declare each
     *     parameter of the descriptor (a method without one, or with parameters the compiler added)
     */
    static List<Parameter> of(String signature, int count, ClassModel type) {
        List<Parameter> parameters = new ArrayList<>();
        if (signature != null) {
            // made here, not by the caller: most methods have no signature, and a method reference costs the
            // JVM's method handle machinery the first time
            Function<String, String> sourceNames = type::sourceName;
            new SignatureReader(signature).accept(new SignatureVisitor(ClassModel.API) {
                private final SignatureVisitor ignored = new SignatureVisitor(ClassModel.API) {
                };

                @Override
                public SignatureVisitor visitParameterType() {
                    return new Written(sourceNames, parameters::add);
                }

                @Override
                public SignatureVisitor visitClassBound() {
                    return ignored;
                }

                @Override
                public SignatureVisitor visitInterfaceBound() {
                    return ignored;
                }

                @Override
                public SignatureVisitor visitReturnType() {
                    return ignored;
                }

                @Override
                public SignatureVisitor visitExceptionType() {
                    return ignored;
                }
            });
        }
        return parameters.size() == count ? parameters : Arrays.asList(new Parameter[count]);
    }

    /** Writes one type of a signature as source does, and hands it on when it is complete. */
    private static final class Written extends SignatureVisitor {
        private final Function<String, String> sourceNames;
        private final Consumer<Parameter> done;
        private final StringBuilder out = new StringBuilder();
        private int dimensions;
        private boolean arguments;
        private ParameterShape.Form form = ParameterShape.Form.PLAIN;

        Written(Function<String, String> sourceNames, Consumer<Parameter> done) {
            super(ClassModel.API);
            this.sourceNames = sourceNames;
            this.done = done;
        }

        @Override
        public void visitBaseType(char descriptor) {
            out.append(Type.getType(String.valueOf(descriptor)).getClassName());
            finish();
        }

        @Override
        public void visitTypeVariable(String name) {
            out.append(name);
            if (dimensions == 0) {
                form = ParameterShape.Form.TYPE_VARIABLE;
            }
            finish();
        }

        @Override
        public SignatureVisitor visitArrayType() {
            dimensions++;
            return this;
        }

        @Override
        public void visitClassType(String name) {
            out.append(sourceNames.apply(name));
        }

        @Override
        public void visitInnerClassType(String name) {
            closeArguments();
            out.append('.').append(name);
        }

        @Override
        public void visitTypeArgument() {
            nextArgument();
            out.append('?');
        }

        @Override
        public SignatureVisitor visitTypeArgument(char wildcard) {
            nextArgument();
            return new Written(sourceNames, argument -> {
                String type = argument.written();
                out.append(wildcard == SignatureVisitor.EXTENDS ? type.equals("java.lang.Object") ? "?" : "? extends " + type
                        : wildcard == SignatureVisitor.SUPER ? "? super " + type : type);
            });
        }

        @Override
        public void visitEnd() {
            closeArguments();
            finish();
        }

        private void nextArgument() {
            if (dimensions == 0) {
                form = ParameterShape.Form.PARAMETERIZED;
            }
            out.append(arguments ? "," : "<");
            arguments = true;
        }

        private void closeArguments() {
            if (arguments) {
                out.append('>');
                arguments = false;
            }
        }

        private void finish() {
            out.append("[]".repeat(dimensions));
            done.accept(new Parameter(form, out.toString()));
        }
    }
}
