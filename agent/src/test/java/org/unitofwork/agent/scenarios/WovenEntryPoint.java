package org.unitofwork.agent.scenarios;

import com.example.woven.ScenarioBoundaries;
import java.util.Locale;
import org.unitofwork.scenarios.BoundaryKind;
import org.unitofwork.scenarios.EntryPoint;

/** Boundaries drawn by the agent: the woven {@code @UnitOfWork} methods of {@link ScenarioBoundaries}. */
public final class WovenEntryPoint implements EntryPoint {
    private final ScenarioBoundaries boundaries = new ScenarioBoundaries();

    @Override
    public <T> T enter(BoundaryKind kind, Work<T> work) throws Exception {
        switch (kind) {
            case REQUIRED:
                return boundaries.required(null, work);
            case REQUIRES_NEW:
                return boundaries.requiresNew(null, work);
            case NESTED:
                return boundaries.nested(null, work);
            case MANDATORY:
                return boundaries.mandatory(null, work);
            case SUPPORTS:
                return boundaries.supports(null, work);
            case NOT_SUPPORTED:
                return boundaries.notSupported(null, work);
            case NEVER:
                return boundaries.never(null, work);
            case READ_ONLY:
                return boundaries.readOnly(null, work);
            case SERIALIZABLE:
                return boundaries.serializable(null, work);
            case TIMEOUT_1S:
                return boundaries.timeout1s(null, work);
            case RULES:
                return boundaries.rules(null, work);
            case RETRIES_3:
                return boundaries.retries3(null, work);
            case OTHER_DATABASE:
                return boundaries.otherDatabase(null, work);
            default:
                throw new IllegalArgumentException(kind.name());
        }
    }

    @Override
    public String boundaryName(BoundaryKind kind) {
        return "ScenarioBoundaries." + methodName(kind) + "(Session,Work)";
    }

    private static String methodName(BoundaryKind kind) {
        switch (kind) {
            case REQUIRES_NEW:
                return "requiresNew";
            case NOT_SUPPORTED:
                return "notSupported";
            case READ_ONLY:
                return "readOnly";
            case TIMEOUT_1S:
                return "timeout1s";
            case RETRIES_3:
                return "retries3";
            case OTHER_DATABASE:
                return "otherDatabase";
            default:
                return kind.name().toLowerCase(Locale.ROOT);
        }
    }
}
