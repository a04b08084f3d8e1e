package org.unitofwork.processor;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.StandardLocation;
import org.unitofwork.conventions.SessionKindMarkers;

/**
 * Tells which types an integration module on the compile class path marks as its session kind's, by
 * the marker resources it ships ({@link SessionKindMarkers}): the processor loads no integration
 * class, and needs none on its own path.
 */
final class MarkedSessionKinds {
    private final Filer filer;
    private final Elements elements;
    /** Per binary type name, whether a marker was found; the class path does not change during a build. */
    private final Map<String, Boolean> found = new HashMap<>();

    MarkedSessionKinds(Filer filer, Elements elements) {
        this.filer = filer;
        this.elements = elements;
    }

    /** @return whether a module on the class path marks {@code type} as a session kind's type */
    boolean isMarked(TypeElement type) {
        return found.computeIfAbsent(elements.getBinaryName(type).toString(), this::hasMarker);
    }

    private boolean hasMarker(String binaryName) {
        try (InputStream marker = filer.getResource(StandardLocation.CLASS_PATH, "", SessionKindMarkers.resource(binaryName))
                .openInputStream()) {
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false; // javac reports a missing resource as FileNotFoundException
        }
    }
}
