package org.unitofwork.generator;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Writes {@code StackClaim} for the class annotated {@code @GenerateStackClaim(bytes = n)}: one
 * method, {@code claim(int never)}, that declares {@code n / 16} {@code long} locals and uses a few of
 * them only on a path its callers never take ({@code never < 0}).
 *
 * <p>What makes the claim work is how HotSpot sizes a frame, not what the method does. javac gives
 * every local its own slots, two for a {@code long}, and a slot of a HotSpot frame is a machine word,
 * so the method's {@code max_locals} spans {@code n} bytes on a 64-bit JVM. The interpreter
 * checks, on entry, that a frame of {@code max_locals} fits above the stack's guard zone; code compiled
 * by C1 or C2 bangs the stack, on entry, as deep as the interpreter frame it would need if it were
 * deoptimised at its call or trap, which again counts every local. So the method needs {@code n}
 * bytes of stack to be entered, in every tier, yet touches none of them and runs a compare and a
 * return. Its size keeps the two from being undone: above 325 bytes of bytecode, neither compiler
 * inlines it into a caller (which could fold the branch and drop the frame), and below 8,000 it is
 * compiled at all (a huge method stays interpreted, which zeroes every local on every call).
 */
@SupportedAnnotationTypes(StackClaimGenerator.ANNOTATION)
public final class StackClaimGenerator extends AbstractProcessor {
    static final String ANNOTATION = "org.unitofwork.GenerateStackClaim";
    private static final String NAME = "StackClaim";
    /** One local in this many is used on the path never taken: enough bytecode not to be inlined. */
    private static final int USED_EVERY = 64;
    private static final int MAX_SLOTS = 65_535;

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (TypeElement annotation : annotations) {
            for (Element owner : round.getElementsAnnotatedWith(annotation)) {
                generate((TypeElement) owner, annotation);
            }
        }
        return true;
    }

    private void generate(TypeElement owner, TypeElement annotation) {
        int bytes = bytes(owner, annotation);
        // a long takes two slots of 8 bytes; one more slot holds the parameter
        if (bytes <= 16 * USED_EVERY || bytes % 16 != 0 || bytes / 8 + 1 > MAX_SLOTS) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "@GenerateStackClaim(bytes = " + bytes
                    + "): give a multiple of 16 above " + 16 * USED_EVERY + " and at most " + 8 * (MAX_SLOTS - 1)
                    + ", the most locals a JVM frame can hold", owner);
            return;
        }
        try {
            claim(owner, bytes).writeTo(processingEnv.getFiler());
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "could not write " + NAME + ": " + e, owner);
        }
    }

    private static int bytes(TypeElement owner, TypeElement annotation) {
        for (AnnotationMirror mirror : owner.getAnnotationMirrors()) {
            if (mirror.getAnnotationType().asElement().equals(annotation)) {
                for (AnnotationValue value : mirror.getElementValues().values()) {
                    return (Integer) value.getValue();
                }
            }
        }
        throw new IllegalStateException("no bytes on " + owner);
    }

    private JavaFile claim(TypeElement owner, int bytes) {
        int longs = bytes / 16;
        CodeBlock.Builder body = CodeBlock.builder()
                .beginControlFlow("if (never >= 0)")
                .addStatement("return")
                .endControlFlow();
        StringBuilder declared = new StringBuilder("long l0");
        for (int i = 1; i < longs; i++) {
            declared.append(",$Wl").append(i);
        }
        body.addStatement(declared.toString());
        CodeBlock.Builder sum = CodeBlock.builder();
        for (int i = 0; i < longs; i += USED_EVERY) {
            body.addStatement("l$L = never", i);
            sum.add(i == 0 ? "l$L" : " + l$L", i);
        }
        body.addStatement("sink = (int) ($L)", sum.build());
        // a call, so that C1 too keeps a deoptimisation point whose interpreter frame holds every local
        body.addStatement("$T.yield()", Thread.class);
        TypeSpec type = TypeSpec.classBuilder(NAME)
                .addOriginatingElement(owner)
                .addJavadoc("Needs $L bytes of stack to be entered, and touches none of them: see {@link $L}.\n",
                        bytes, owner.getSimpleName())
                .addAnnotation(AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
                        .addMember("value", "$S", StackClaimGenerator.class.getName()).build())
                .addModifiers(Modifier.FINAL)
                .addField(FieldSpec.builder(TypeName.INT, "sink", Modifier.PRIVATE, Modifier.STATIC)
                        .addJavadoc("Where the path never taken puts its sum, so that its locals are used.\n").build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(MethodSpec.methodBuilder("claim")
                        .addJavadoc("Returns at once if {@code never >= 0}, as every caller passes;"
                                + " throws {@link StackOverflowError}\nfirst when less than $L bytes of stack are"
                                + " left.\n", bytes)
                        .addModifiers(Modifier.STATIC)
                        .addParameter(TypeName.INT, "never")
                        .addCode(body.build())
                        .build())
                .build();
        return JavaFile.builder(processingEnv.getElementUtils().getPackageOf(owner).getQualifiedName().toString(), type)
                .addFileComment("Written at build time by $L for $L.\nChange the generator or the annotation, not this"
                        + " file.", StackClaimGenerator.class.getName(), owner.getSimpleName())
                .skipJavaLangImports(true)
                .build();
    }
}
