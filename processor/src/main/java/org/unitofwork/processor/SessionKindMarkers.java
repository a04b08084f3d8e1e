package org.unitofwork.processor;

import com.palantir.javapoet.ClassName;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.tools.StandardLocation;

/**
 * Tells which parameter types an integration module on the compile class path injects as a session
 * kind, by the marker resources it ships ({@link Injection#KIND_MARKERS}): the processor loads no
 * integration class, and needs none on its own path.
 */
final class SessionKindMarkers {
    private final Filer filer;
    private final Elements elements;
    /** Per binary type name, whether a marker was found; the class path does not change during a build. */
    private final Map<String, Boolean> found = new HashMap<>();

    SessionKindMarkers(Filer filer, Elements elements) {
        this.filer = filer;
        this.elements = elements;
    }

    /**
     * @return the injection of a session kind's resource for {@code type}, or null when no module
     *     injects it (a marked type with type arguments included: see {@link #isMarkedGeneric})
     */
    Injection injectionOf(TypeMirror type) {
        if (type.getKind() != TypeKind.DECLARED || !((DeclaredType) type).getTypeArguments().isEmpty()) {
            return null;
        }
        TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
        return isMarked(element)
                ? new Injection(element.getQualifiedName().toString(), Injection.Kind.RESOURCE, ClassName.get(element))
                : null;
    }

    /** @return whether {@code type} is a marked session kind's type with type arguments, which no wrapper can supply */
    boolean isMarkedGeneric(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED && !((DeclaredType) type).getTypeArguments().isEmpty()
                && isMarked((TypeElement) ((DeclaredType) type).asElement());
    }

    private boolean isMarked(TypeElement element) {
        return found.computeIfAbsent(elements.getBinaryName(element).toString(), this::hasMarker);
    }

    private boolean hasMarker(String binaryName) {
        try (InputStream marker = filer.getResource(StandardLocation.CLASS_PATH, "", Injection.KIND_MARKERS + binaryName)
                .openInputStream()) {
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false; // javac reports a missing resource as FileNotFoundException
        }
    }
}
