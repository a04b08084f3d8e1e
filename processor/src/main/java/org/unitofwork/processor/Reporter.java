package org.unitofwork.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** Reports errors on the element they concern and remembers whether the current round had any. */
final class Reporter {
    private final Messager messager;
    private boolean errorsThisRound;

    Reporter(Messager messager) {
        this.messager = messager;
    }

    /** Reports {@code message} on {@code element}: the compiler points at its declaration. */
    void error(Element element, String message) {
        messager.printMessage(Diagnostic.Kind.ERROR, message, element);
        errorsThisRound = true;
    }

    /** Reports {@code message} on {@code annotation} of {@code element}: the compiler points at the annotation. */
    void error(Element element, AnnotationMirror annotation, String message) {
        messager.printMessage(Diagnostic.Kind.ERROR, message, element, annotation);
        errorsThisRound = true;
    }

    /** Records an error reported through another channel, such as the compiler's tree API. */
    void errorReportedElsewhere() {
        errorsThisRound = true;
    }

    /** @return whether an error was reported since the round began */
    boolean errorsThisRound() {
        return errorsThisRound;
    }

    /** Starts a new round. */
    void newRound() {
        errorsThisRound = false;
    }
}
