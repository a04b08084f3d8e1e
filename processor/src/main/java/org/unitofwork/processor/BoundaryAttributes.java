package org.unitofwork.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;
import org.unitofwork.Boundary;
import org.unitofwork.BoundaryConfigurationException;
import org.unitofwork.Database;
import org.unitofwork.Isolation;
import org.unitofwork.Propagation;

/**
 * The attributes of one {@code @UnitOfWork} annotation as written in source: what the generated
 * {@code Boundary.builder(…)} call sets, and whether the attributes contradict each other.
 */
final class BoundaryAttributes {
    private static final ClassName BOUNDARY = ClassName.get(Boundary.class);
    private static final ClassName PROPAGATION = ClassName.get(Propagation.class);
    private static final ClassName ISOLATION = ClassName.get(Isolation.class);

    private final AnnotationMirror annotation;
    /** The attributes written in the annotation, by name; absent ones have the annotation's default. */
    private final Map<String, AnnotationValue> written;

    private BoundaryAttributes(AnnotationMirror annotation, Map<String, AnnotationValue> written) {
        this.annotation = annotation;
        this.written = written;
    }

    /**
     * @param annotation a {@code @UnitOfWork} annotation
     * @return its attributes
     */
    static BoundaryAttributes of(AnnotationMirror annotation) {
        Map<String, AnnotationValue> written = new LinkedHashMap<>();
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : annotation.getElementValues().entrySet()) {
            written.put(e.getKey().getSimpleName().toString(), e.getValue());
        }
        return new BoundaryAttributes(annotation, written);
    }

    /** @return the annotation the attributes come from, where errors about them are reported */
    AnnotationMirror annotation() {
        return annotation;
    }

    /**
     * @return whether a class named in {@code rollbackFor} or {@code noRollbackFor} is not resolved
     *     yet, for instance because another processor generates it in a later round
     */
    boolean hasUnresolvedTypes() {
        for (String attribute : List.of("rollbackFor", "noRollbackFor")) {
            AnnotationValue value = written.get(attribute);
            if (value == null) {
                continue;
            }
            for (AnnotationValue element : elements(value)) {
                if (!(element.getValue() instanceof TypeMirror type) || type.getKind() == TypeKind.ERROR) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The initializer of the boundary constant: {@code Boundary.builder(name)}, a call for every
     * attribute that differs from the annotation's default, in the builder's order, and {@code build()}.
     *
     * @param boundaryName how the runtime names the boundary in its messages
     * @return the expression
     */
    CodeBlock builderExpression(String boundaryName) {
        List<CodeBlock> calls = new ArrayList<>();
        if (!database().equals(Database.DEFAULT_NAME)) {
            calls.add(CodeBlock.of(".database($S)", database()));
        }
        if (propagation() != Propagation.REQUIRED) {
            calls.add(CodeBlock.of(".propagation($T.$L)", PROPAGATION, propagation().name()));
        }
        if (readOnly()) {
            calls.add(CodeBlock.of(".readOnly(true)"));
        }
        if (isolation() != Isolation.DEFAULT) {
            calls.add(CodeBlock.of(".isolation($T.$L)", ISOLATION, isolation().name()));
        }
        if (timeoutSeconds() != 0) {
            calls.add(CodeBlock.of(".timeoutSeconds($L)", timeoutSeconds()));
        }
        if (!types("rollbackFor").isEmpty()) {
            calls.add(CodeBlock.of(".rollbackFor($L)", classLiterals(types("rollbackFor"))));
        }
        if (!types("noRollbackFor").isEmpty()) {
            calls.add(CodeBlock.of(".noRollbackFor($L)", classLiterals(types("noRollbackFor"))));
        }
        if (retries() != 0) {
            calls.add(CodeBlock.of(".retries($L)", retries()));
        }
        if (resolveUnknownCommit()) {
            calls.add(CodeBlock.of(".resolveUnknownCommit(true)"));
        }
        if (connectionHoldBudgetMillis() != -1) {
            calls.add(CodeBlock.of(".connectionHoldBudgetMillis($LL)", connectionHoldBudgetMillis()));
        }
        CodeBlock.Builder expression = CodeBlock.builder().add("$T.builder($S)", BOUNDARY, boundaryName);
        if (calls.isEmpty()) {
            return expression.add(".build()").build();
        }
        expression.add("$>$>");
        for (CodeBlock call : calls) {
            expression.add("\n$L", call);
        }
        return expression.add("\n.build()$<$<").build();
    }

    /**
     * Checks the attributes with the runtime's own {@link Boundary.Builder#build()}, so that a
     * boundary the runtime would refuse is refused at compile time with the same message. Classes in
     * {@code rollbackFor} and {@code noRollbackFor} cannot be loaded at compile time, so their
     * overlap is checked here on their types.
     *
     * @param boundaryName the name the runtime's message shows
     * @param types the compiler's type utilities
     * @return what contradicts, saying what to change; {@code null} when the attributes are consistent
     */
    String contradiction(String boundaryName, Types types) {
        try {
            Boundary.builder(boundaryName)
                    .database(database())
                    .propagation(propagation())
                    .readOnly(readOnly())
                    .isolation(isolation())
                    .timeoutSeconds(timeoutSeconds())
                    .retries(retries())
                    .connectionHoldBudgetMillis(connectionHoldBudgetMillis())
                    .build();
        } catch (BoundaryConfigurationException refused) {
            return refused.getMessage();
        }
        for (TypeMirror rolledBack : types("rollbackFor")) {
            for (TypeMirror committed : types("noRollbackFor")) {
                if (types.isSameType(rolledBack, committed)) {
                    return "Boundary " + boundaryName + ": " + types.erasure(rolledBack) + " is in both rollbackFor and"
                            + " noRollbackFor; keep it in one of them";
                }
            }
        }
        return null;
    }

    private String database() {
        AnnotationValue value = written.get("database");
        return value == null ? Database.DEFAULT_NAME : (String) value.getValue();
    }

    private Propagation propagation() {
        AnnotationValue value = written.get("propagation");
        return value == null ? Propagation.REQUIRED : Propagation.valueOf(constantName(value));
    }

    private boolean readOnly() {
        AnnotationValue value = written.get("readOnly");
        return value != null && (Boolean) value.getValue();
    }

    private Isolation isolation() {
        AnnotationValue value = written.get("isolation");
        return value == null ? Isolation.DEFAULT : Isolation.valueOf(constantName(value));
    }

    private int timeoutSeconds() {
        AnnotationValue value = written.get("timeoutSeconds");
        return value == null ? 0 : (Integer) value.getValue();
    }

    private int retries() {
        AnnotationValue value = written.get("retries");
        return value == null ? 0 : (Integer) value.getValue();
    }

    private boolean resolveUnknownCommit() {
        AnnotationValue value = written.get("resolveUnknownCommit");
        return value != null && (Boolean) value.getValue();
    }

    private long connectionHoldBudgetMillis() {
        AnnotationValue value = written.get("connectionHoldBudgetMillis");
        return value == null ? -1 : ((Number) value.getValue()).longValue();
    }

    private List<TypeMirror> types(String attribute) {
        AnnotationValue value = written.get(attribute);
        List<TypeMirror> types = new ArrayList<>();
        if (value != null) {
            for (AnnotationValue element : elements(value)) {
                types.add((TypeMirror) element.getValue());
            }
        }
        return types;
    }

    private static CodeBlock classLiterals(List<TypeMirror> types) {
        List<CodeBlock> literals = new ArrayList<>();
        for (TypeMirror type : types) {
            literals.add(CodeBlock.of("$T.class", TypeName.get(type)));
        }
        return CodeBlock.join(literals, ", ");
    }

    private static String constantName(AnnotationValue value) {
        return ((VariableElement) value.getValue()).getSimpleName().toString();
    }

    @SuppressWarnings("unchecked") // an array-valued attribute's value is a list of its elements' values
    private static List<? extends AnnotationValue> elements(AnnotationValue value) {
        return (List<? extends AnnotationValue>) value.getValue();
    }
}
