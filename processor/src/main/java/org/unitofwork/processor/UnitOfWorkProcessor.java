package org.unitofwork.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import org.unitofwork.UnitOfWork;

/**
 * Generates, for every type with {@link UnitOfWork} on itself or on its methods, a wrapper in the same
 * package that runs those methods inside their boundaries: {@code ManagedAccountService} for
 * {@code AccountService}, {@code ManagedOuter_Inner} for a nested {@code Outer.Inner}.
 *
 * <p>Each round first validates every type, then writes the wrappers only if the round reported no
 * error, so that a mistake gives its own error rather than a cascade of errors from half-generated code.
 * A type whose signatures mention a type that is not resolved yet waits for the next round, in case
 * another processor generates it; one still waiting after the last round is reported.
 *
 * <p>The processor is isolating in Gradle's sense: each wrapper depends on its type alone, which is
 * the only originating element of the file.
 */
@AutoService(Processor.class)
public final class UnitOfWorkProcessor extends AbstractProcessor {
    /** Types waiting for a later round, by qualified name. */
    private final Set<String> deferred = new LinkedHashSet<>();
    /** Compilation units already searched for annotations inside method bodies, by source URI. */
    private final Set<String> scannedUnits = new HashSet<>();
    private Reporter reporter;
    private WrapperValidator validator;
    private WrapperGenerator generator;
    /** The compiler's tree API, or {@code null} when the compiler does not offer it. */
    private Trees trees;

    /** Called by the compiler, which finds the processor through {@code META-INF/services}. */
    public UnitOfWorkProcessor() {
    }

    @Override
    public synchronized void init(ProcessingEnvironment processingEnv) {
        super.init(processingEnv);
        reporter = new Reporter(processingEnv.getMessager());
        validator = new WrapperValidator(processingEnv.getElementUtils(), processingEnv.getTypeUtils(), reporter,
                new MarkedSessionKinds(processingEnv.getFiler(), processingEnv.getElementUtils()));
        generator = new WrapperGenerator(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
        // without javac's tree API (another compiler), the other checks still run; only
        // annotations inside method bodies go unnoticed
        trees = CompilerTrees.of(processingEnv);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(UnitOfWork.class.getName());
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    /**
     * Processes a round. A failure of the processor itself becomes an error on the type it was
     * processing (or on none, outside of any type), which asks for a report: it never crashes the
     * compiler, and, being an error, keeps the round from writing any wrapper.
     */
    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        reporter.newRound();
        try {
            processRound(round);
        } catch (RuntimeException | LinkageError | AssertionError failure) {
            reporter.internalFailure(null, failure);
        }
        // never claim: a claimed annotation is hidden from the processors after this one, and a
        // processor for "*" (which may generate the types a wrapper waits for) would not run at all
        return false;
    }

    private void processRound(RoundEnvironment round) {
        scanMethodBodies(round);
        List<WrapperModel> models = new ArrayList<>();
        for (TypeElement type : typesToWrap(round)) {
            try {
                if (validator.waitsForTypes(type)) {
                    deferred.add(type.getQualifiedName().toString());
                } else {
                    validator.validate(type).ifPresent(models::add);
                }
            } catch (RuntimeException | LinkageError | AssertionError failure) {
                reporter.internalFailure(type, failure);
            }
        }
        if (round.processingOver()) {
            reportStillUnresolved();
        }
        checkWrapperNamesUnique(models);
        if (!reporter.errorsThisRound() && !round.errorRaised()) {
            for (WrapperModel model : models) {
                try {
                    write(model);
                } catch (RuntimeException | LinkageError | AssertionError failure) {
                    reporter.internalFailure(model.type(), failure);
                }
            }
        }
    }

    /** The types waiting from earlier rounds, then those annotated in this one, each once. */
    private List<TypeElement> typesToWrap(RoundEnvironment round) {
        Map<String, TypeElement> types = new LinkedHashMap<>();
        for (String name : deferred) {
            TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
            if (type != null) {
                types.put(name, type);
            }
        }
        deferred.clear();
        for (Element annotated : round.getElementsAnnotatedWith(UnitOfWork.class)) {
            TypeElement type = annotated instanceof TypeElement t ? t : (TypeElement) annotated.getEnclosingElement();
            types.putIfAbsent(type.getQualifiedName().toString(), type);
        }
        return new ArrayList<>(types.values());
    }

    private void reportStillUnresolved() {
        for (String name : deferred) {
            TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
            if (type != null) {
                reporter.error(type, "No wrapper was generated for " + Naming.typeLabel(type) + ": a type in the"
                        + " signature of one of its @UnitOfWork methods, its interfaces or its rollbackFor/noRollbackFor"
                        + " is still unresolved after the last round of annotation processing. Fix that type (see the"
                        + " compiler's other errors), or make sure the processor that generates it runs");
            }
        }
        deferred.clear();
    }

    /** Nested {@code Outer.Inner} and top-level {@code Outer_Inner} both give {@code ManagedOuter_Inner}. */
    private void checkWrapperNamesUnique(List<WrapperModel> models) {
        Map<ClassName, TypeElement> owners = new HashMap<>();
        for (WrapperModel model : models) {
            TypeElement owner = owners.putIfAbsent(model.wrapperName(), model.type());
            if (owner != null) {
                reporter.error(model.type(), "The wrapper of " + Naming.typeLabel(model.type()) + " would be named "
                        + model.wrapperName() + ", like the wrapper of " + owner.getQualifiedName() + ": rename one of the"
                        + " two types");
            }
        }
    }

    private void write(WrapperModel model) {
        JavaFile file = generator.generate(model);
        try {
            file.writeTo(processingEnv.getFiler());
        } catch (IOException e) {
            reporter.error(model.type(), "The wrapper " + model.wrapperName() + " of " + Naming.typeLabel(model.type())
                    + " could not be written (" + e.getMessage() + "): if a type of that name already exists, rename "
                    + Naming.typeLabel(model.type()) + " or that type");
        }
    }

    /** Reports {@code @UnitOfWork} inside method bodies, which the rest of the processor cannot see. */
    private void scanMethodBodies(RoundEnvironment round) {
        if (trees == null) {
            return;
        }
        for (Element root : round.getRootElements()) {
            TreePath path = trees.getPath(root);
            if (path == null) {
                continue;
            }
            CompilationUnitTree unit = path.getCompilationUnit();
            if (scannedUnits.add(unit.getSourceFile().toUri().toString())
                    && MethodBodyAnnotationScanner.reportIn(trees, unit) > 0) {
                reporter.errorReportedElsewhere();
            }
        }
    }
}
