package org.unitofwork.processor.scenarios;

import org.unitofwork.scenarios.BoundaryKind;
import org.unitofwork.scenarios.EntryPoint;

/** Boundaries drawn by the wrapper the processor generated from {@link Boundaries}. */
final class GeneratedEntryPoint implements EntryPoint {
    private final ManagedBoundaries boundaries = new ManagedBoundaries(new Boundaries());

    @Override
    public <T> T enter(BoundaryKind kind, Work<T> work) throws Exception {
        return switch (kind) {
            case REQUIRED -> boundaries.required(work);
            case REQUIRES_NEW -> boundaries.requiresNew(work);
            case NESTED -> boundaries.nested(work);
            case MANDATORY -> boundaries.mandatory(work);
            case SUPPORTS -> boundaries.supports(work);
            case NOT_SUPPORTED -> boundaries.notSupported(work);
            case NEVER -> boundaries.never(work);
            case READ_ONLY -> boundaries.readOnly(work);
            case SERIALIZABLE -> boundaries.serializable(work);
            case TIMEOUT_1S -> boundaries.timeout1s(work);
            case RULES -> boundaries.rules(work);
            case RETRIES_3 -> boundaries.retries3(work);
            case OTHER_DATABASE -> boundaries.otherDatabase(work);
        };
    }

    /** The names the processor gives: the method as declared, injected Session included. */
    @Override
    public String boundaryName(BoundaryKind kind) {
        String method = switch (kind) {
            case REQUIRED -> "required";
            case REQUIRES_NEW -> "requiresNew";
            case NESTED -> "nested";
            case MANDATORY -> "mandatory";
            case SUPPORTS -> "supports";
            case NOT_SUPPORTED -> "notSupported";
            case NEVER -> "never";
            case READ_ONLY -> "readOnly";
            case SERIALIZABLE -> "serializable";
            case TIMEOUT_1S -> "timeout1s";
            case RULES -> "rules";
            case RETRIES_3 -> "retries3";
            case OTHER_DATABASE -> "otherDatabase";
        };
        return "Boundaries." + method + "(Session,Work)";
    }
}
