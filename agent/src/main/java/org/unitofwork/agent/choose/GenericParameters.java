package org.unitofwork.agent.choose;

import net.bytebuddy.jar.asm.signature.SignatureReader;
import net.bytebuddy.jar.asm.signature.SignatureVisitor;

/**
 * Which parameters of a method its generic signature declares with type arguments or as a type
 * variable: a parameter the unit supplies must have the plain type it is supplied as.
 */
public final class GenericParameters {
    private GenericParameters() {
    }

    /**
     * Reads a method's generic signature.
     *
     * @param signature the method's generic signature, or null when it has none
     * @param count how many parameters its descriptor declares
     * @return per parameter, whether its declared type is generic
     */
    public static boolean[] of(String signature, int count) {
        boolean[] generic = new boolean[count];
        if (signature == null) {
            return generic;
        }
        SignatureVisitor ignored = new SignatureVisitor(ClassModel.API) {
        };
        new SignatureReader(signature).accept(new SignatureVisitor(ClassModel.API) {
            private int index = -1;

            @Override
            public SignatureVisitor visitParameterType() {
                index++;
                return new SignatureVisitor(ClassModel.API) {
                    @Override
                    public void visitTypeVariable(String name) {
                        mark();
                    }

                    @Override
                    public void visitTypeArgument() {
                        mark();
                    }

                    @Override
                    public SignatureVisitor visitTypeArgument(char wildcard) {
                        mark();
                        return ignored;
                    }

                    @Override
                    public SignatureVisitor visitArrayType() {
                        return ignored; // an array is never supplied
                    }
                };
            }

            private void mark() {
                if (index < count) {
                    generic[index] = true;
                }
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
        return generic;
    }
}
