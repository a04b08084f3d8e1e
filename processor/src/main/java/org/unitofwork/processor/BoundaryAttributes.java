package org.unitofwork.processor;

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
 * The attributes of one {@code @UnitOfWork} annotation as written in source, each with the
 * annotation's default when it is not written, and whether they contradict each other.
 */
final class BoundaryAttributes {
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
        for (TypeMirror rolledBack : rollbackFor()) {
            for (TypeMirror committed : noRollbackFor()) {
                if (types.isSameType(rolledBack, committed)) {
                    return "Boundary " + boundaryName + ": " + types.erasure(rolledBack) + " is in both rollbackFor and"
                            + " noRollbackFor; keep it in one of them";
                }
            }
        }
        return null;
    }

    /** @return the {@code database} attribute */
    String database() {
        AnnotationValue value = written.get("database");
        return value == null ? Database.DEFAULT_NAME : (String) value.getValue();
    }

    /** @return the {@code propagation} attribute */
    Propagation propagation() {
        AnnotationValue value = written.get("propagation");
        return value == null ? Propagation.REQUIRED : Propagation.valueOf(constantName(value));
    }

    /** @return the {@code readOnly} attribute */
    boolean readOnly() {
        AnnotationValue value = written.get("readOnly");
        return value != null && (Boolean) value.getValue();
    }

    /** @return the {@code isolation} attribute */
    Isolation isolation() {
        AnnotationValue value = written.get("isolation");
        return value == null ? Isolation.DEFAULT : Isolation.valueOf(constantName(value));
    }

    /** @return the {@code timeoutSeconds} attribute */
    int timeoutSeconds() {
        AnnotationValue value = written.get("timeoutSeconds");
        return value == null ? 0 : (Integer) value.getValue();
    }

    /** @return the {@code retries} attribute */
    int retries() {
        AnnotationValue value = written.get("retries");
        return value == null ? 0 : (Integer) value.getValue();
    }

    /** @return the {@code resolveUnknownCommit} attribute */
    boolean resolveUnknownCommit() {
        AnnotationValue value = written.get("resolveUnknownCommit");
        return value != null && (Boolean) value.getValue();
    }

    /** @return the {@code connectionHoldBudgetMillis} attribute */
    long connectionHoldBudgetMillis() {
        AnnotationValue value = written.get("connectionHoldBudgetMillis");
        return value == null ? -1 : ((Number) value.getValue()).longValue();
    }

    /** @return the classes of the {@code rollbackFor} attribute, in source order */
    List<TypeMirror> rollbackFor() {
        return types("rollbackFor");
    }

    /** @return the classes of the {@code noRollbackFor} attribute, in source order */
    List<TypeMirror> noRollbackFor() {
        return types("noRollbackFor");
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

    private static String constantName(AnnotationValue value) {
        return ((VariableElement) value.getValue()).getSimpleName().toString();
    }

    @SuppressWarnings("unchecked") // an array-valued attribute's value is a list of its elements' values
    private static List<? extends AnnotationValue> elements(AnnotationValue value) {
        return (List<? extends AnnotationValue>) value.getValue();
    }
}
