package org.unitofwork.processor;

import java.io.PrintWriter;
import java.io.StringWriter;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/** Reports errors on the element they concern and remembers whether the current round had any. */
final class Reporter {
    /** Where the processor's defects are reported. */
    private static final String ISSUES = "https://github.com/unitofwork/unitofwork/issues";

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

    /**
     * Reports a failure of the processor itself as an error on the type it was processing, with what
     * failed and where, and asks for a report.
     *
     * @param type the type being processed, or null when the failure concerns none
     * @param failure what was thrown
     */
    void internalFailure(TypeElement type, Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        String subject = type == null ? "" : " on " + Naming.typeLabel(type);
        String consequence = type == null ? "No wrapper is generated in this round of annotation processing"
                : "No wrapper is generated for " + Naming.typeLabel(type);
        String message = "The unitofwork processor failed" + subject + " with " + failure + ". " + consequence + ". This is"
                + " a defect of the processor: please report it, with this message, at " + ISSUES + "\n" + trace;
        if (type == null) {
            messager.printMessage(Diagnostic.Kind.ERROR, message);
        } else {
            messager.printMessage(Diagnostic.Kind.ERROR, message, type);
        }
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
