package org.unitofwork.scenarios;

import java.util.EnumMap;
import java.util.Map;
import org.unitofwork.Boundary;
import org.unitofwork.Database;
import org.unitofwork.Isolation;
import org.unitofwork.Propagation;

/**
 * Boundaries drawn with the programmatic API: {@link Database#call} for {@link BoundaryKind#REQUIRED},
 * a {@link Boundary} built once per kind for the others.
 */
public final class ProgrammaticEntryPoint implements EntryPoint {
    private final Map<BoundaryKind, Boundary> boundaries = new EnumMap<>(BoundaryKind.class);

    public ProgrammaticEntryPoint() {
        for (BoundaryKind kind : BoundaryKind.values()) {
            if (kind != BoundaryKind.REQUIRED) {
                boundaries.put(kind, boundary(kind));
            }
        }
    }

    private static Boundary boundary(BoundaryKind kind) {
        Boundary.Builder b = Boundary.builder("Programmatic." + kind);
        switch (kind) {
            case REQUIRES_NEW:
                return b.propagation(Propagation.REQUIRES_NEW).build();
            case NESTED:
                return b.propagation(Propagation.NESTED).build();
            case MANDATORY:
                return b.propagation(Propagation.MANDATORY).build();
            case SUPPORTS:
                return b.propagation(Propagation.SUPPORTS).build();
            case NOT_SUPPORTED:
                return b.propagation(Propagation.NOT_SUPPORTED).build();
            case NEVER:
                return b.propagation(Propagation.NEVER).build();
            case READ_ONLY:
                return b.readOnly(true).build();
            case SERIALIZABLE:
                return b.isolation(Isolation.SERIALIZABLE).build();
            case TIMEOUT_1S:
                return b.timeoutSeconds(1).build();
            case RULES:
                return b.rollbackFor(NumberFormatException.class).noRollbackFor(IllegalArgumentException.class).build();
            case RETRIES_3:
                return b.retries(3).build();
            case OTHER_DATABASE:
                return b.database("other").build();
            default:
                throw new IllegalArgumentException(kind.name());
        }
    }

    @Override
    public <T> T enter(BoundaryKind kind, Work<T> work) throws Exception {
        if (kind == BoundaryKind.REQUIRED) {
            return Database.named(Database.DEFAULT_NAME).call(work::apply);
        }
        return boundaries.get(kind).call(work::apply);
    }

    @Override
    public String boundaryName(BoundaryKind kind) {
        return kind == BoundaryKind.REQUIRED ? "Database.run" : "Programmatic." + kind;
    }
}
