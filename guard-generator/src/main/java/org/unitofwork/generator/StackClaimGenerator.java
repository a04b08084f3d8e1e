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
import java.util.ArrayList;
import java.util.List;
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
 * Writes {@code StackClaim} for the class annotated {@code @GenerateStackClaim(kibibytes = {n, …})}:
 * for each size, one method {@code claim<n>KiB(int never)} that declares {@code n} KiB of
 * {@code long} locals and uses a few of them only on a path its callers never take
 * ({@code never < 0}).
 *
 * <p>What makes the claim work is how HotSpot sizes a frame, not what the method does. javac gives
 * every local its own slots, two for a {@code long}, and a slot of a HotSpot frame is a machine word,
 * so the method's {@code max_locals} spans {@code n} KiB on a 64-bit JVM. The interpreter checks, on
 * entry, that a frame of {@code max_locals} fits above the stack's guard zone; code compiled by C1 or
 * C2 bangs the stack on entry, one word a page, as deep as the interpreter frame it would need if it
 * were deoptimised at its call or trap, which again counts every local. So the method needs
 * {@code n} KiB of stack to be entered, in every tier, yet runs a compare and a return, and touches
 * one word in each page of the claim (the bangs). Its size keeps this from being undone: above 325
 * bytes of bytecode, neither compiler inlines it into a caller (which could fold the branch and drop
 * the frame), and below 8,000 it is compiled at all (a huge method stays interpreted, which zeroes
 * every local on every call).
 */
@SupportedAnnotationTypes(StackClaimGenerator.ANNOTATION)
public final class StackClaimGenerator extends AbstractProcessor {
    static final String ANNOTATION = "org.unitofwork.GenerateStackClaim";
    private static final String NAME = "StackClaim";
    /**
     * Locals used on the path never taken: about 440 bytes of bytecode, above what the compilers
     * inline, far below what they refuse to compile.
     */
    private static final int USED = 40;
    private static final int MAX_SLOTS = 65_535;
    /** Longs in one KiB of claim: each takes two 8-byte slots. */
    private static final int LONGS_PER_KIB = 1024 / 16;

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
        List<Integer> sizes = kibibytes(owner, annotation);
        TypeSpec.Builder type = TypeSpec.classBuilder(NAME)
                .addOriginatingElement(owner)
                .addJavadoc("Methods that need the stack they name to be entered, and run a compare and a return:"
                        + " see {@link $L}.\n", owner.getSimpleName())
                .addAnnotation(AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
                        .addMember("value", "$S", StackClaimGenerator.class.getName()).build())
                .addModifiers(Modifier.FINAL)
                .addField(FieldSpec.builder(TypeName.INT, "sink", Modifier.PRIVATE, Modifier.STATIC)
                        .addJavadoc("Where the path never taken puts its sum, so that its locals are used.\n").build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        for (int kib : sizes) {
            // one more slot holds the parameter
            if (kib < 1 || kib * LONGS_PER_KIB < USED || 2 * kib * LONGS_PER_KIB + 1 > MAX_SLOTS) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "@GenerateStackClaim: a claim of "
                        + kib + " KiB cannot be written; give from 1 to " + (MAX_SLOTS - 1) / 2 / LONGS_PER_KIB
                        + " KiB, the most locals a JVM frame can hold", owner);
                return;
            }
            type.addMethod(claim(kib));
        }
        try {
            JavaFile.builder(processingEnv.getElementUtils().getPackageOf(owner).getQualifiedName().toString(),
                            type.build())
                    .addFileComment("Written at build time by $L for $L.\nChange the generator or the annotation,"
                            + " not this file.", StackClaimGenerator.class.getName(), owner.getSimpleName())
                    .skipJavaLangImports(true)
                    .build()
                    .writeTo(processingEnv.getFiler());
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "could not write " + NAME + ": " + e, owner);
        }
    }

    private static List<Integer> kibibytes(TypeElement owner, TypeElement annotation) {
        List<Integer> sizes = new ArrayList<>();
        for (AnnotationMirror mirror : owner.getAnnotationMirrors()) {
            if (mirror.getAnnotationType().asElement().equals(annotation)) {
                for (AnnotationValue value : mirror.getElementValues().values()) {
                    for (Object size : (List<?>) value.getValue()) {
                        sizes.add((Integer) ((AnnotationValue) size).getValue());
                    }
                }
            }
        }
        return sizes;
    }

    private static MethodSpec claim(int kib) {
        int longs = kib * LONGS_PER_KIB;
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
        int step = longs / USED;
        for (int i = 0; i < USED; i++) {
            body.addStatement("l$L = never", i * step);
            sum.add(i == 0 ? "l$L" : " + l$L", i * step);
        }
        body.addStatement("sink = (int) ($L)", sum.build());
        // a call, so that C1 too keeps a deoptimisation point whose interpreter frame holds every local
        body.addStatement("$T.yield()", Thread.class);
        return MethodSpec.methodBuilder("claim" + kib + "KiB")
                .addJavadoc("Returns at once if {@code never >= 0}, as every caller passes; throws\n"
                        + "{@link StackOverflowError} first when less than $L KiB of stack are left.\n", kib)
                .addModifiers(Modifier.STATIC)
                .addParameter(TypeName.INT, "never")
                .addCode(body.build())
                .build();
    }
}
