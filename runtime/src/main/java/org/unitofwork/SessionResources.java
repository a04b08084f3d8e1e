package org.unitofwork;

import java.util.Arrays;
import java.util.Objects;
import org.unitofwork.spi.SessionKind;

/**
 * A unit's resources of other session kinds ({@link org.unitofwork.spi.SessionKind}: a JPA {@code
 * EntityManager}, a jOOQ {@code DSLContext}…), kept in the unit as pairs of kind and resource: opened
 * on the first {@link Session#get(Class)}, flushed before the unit decides how it ends and before a
 * nested boundary sets or leaves its savepoint, told when the work rolled back to one, and closed
 * newest first as the unit ends.
 */
final class SessionResources {
    private SessionResources() {
    }

    /** The unit's resource of {@code type}, opened now if it has none yet; see {@link Session#get(Class)}. */
    static <T> T get(Unit unit, Class<T> type) {
        RareState r = unit.rare;
        Object[] resources = r == null ? null : r.resources;
        if (resources != null) {
            for (int i = 0; i < resources.length && resources[i] != null; i += 2) {
                if (((SessionKind<?>) resources[i]).type() == type) {
                    return type.cast(resources[i + 1]);
                }
            }
        }
        return open(unit, unit.database.extensions.kind(Objects.requireNonNull(type, "type"), unit.describeAtStart()));
    }

    private static <T> T open(Unit unit, SessionKind<T> kind) {
        T resource;
        try {
            resource = kind.open(unit);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new UnitOfWorkException(unit.describeAtStart() + " could not open its " + kind.type().getName() + ": "
                    + e, e);
        }
        if (resource == null) {
            throw new DatabaseConfigurationException("Session kind " + kind + " opened null for " + unit.describe()
                    + "; a kind must return the unit's " + kind.type().getName() + ".");
        }
        RareState r = unit.rare();
        Object[] resources = r.resources;
        int free = 0;
        if (resources == null) {
            resources = new Object[4];
        } else {
            while (free < resources.length && resources[free] != null) {
                free += 2;
            }
            if (free == resources.length) {
                resources = Arrays.copyOf(resources, resources.length * 2);
            }
        }
        resources[free] = kind;
        resources[free + 1] = resource;
        r.resources = resources;
        return resource;
    }

    /**
     * Flushes the unit's resources in the order they were opened.
     *
     * @return null, or what the first failing flush threw
     */
    static Throwable flush(Unit unit) {
        Object[] resources = unit.rare.resources;
        for (int i = 0; i < resources.length && resources[i] != null; i += 2) {
            try {
                flush((SessionKind<?>) resources[i], resources[i + 1]);
            } catch (Throwable e) {
                if (!(e instanceof Exception)) {
                    unit.poisoned = true; // the flush may have stopped in the middle of a driver call
                }
                return e instanceof RuntimeException || e instanceof Error ? e
                        : new UnitOfWorkException(unit.describeAtStart() + " could not flush its "
                        + ((SessionKind<?>) resources[i]).type().getName() + ": " + e + ". It was rolled back.", e);
            }
        }
        return null;
    }

    /**
     * Flushes the resources, if the unit has any, for a nested boundary: as it ends, so that their
     * pending work fails or stays with it (S8), and before it sets its savepoint.
     *
     * @return null, or what the flush threw
     */
    static Throwable flushForNested(Unit unit) {
        return unit.rare == null || unit.rare.resources == null || unit.poisoned ? null : flush(unit);
    }

    /** Flushes every resource before a nested boundary sets its savepoint, so its work lands before it. */
    static void flushBeforeSavepoint(Unit unit, Boundary nested) {
        Throwable failed = flushForNested(unit);
        if (failed != null) {
            failed.addSuppressed(new UnitOfWorkException("The flush ran because nested boundary " + nested.name()
                    + " was about to set its savepoint in " + unit.describe() + "."));
            throw Scope.rethrow(failed);
        }
    }

    /** Tells the resources that a nested boundary rolled back to its savepoint; dooms the unit when one cannot follow. */
    static void rolledBackToSavepoint(Unit unit, Boundary nested, Throwable primary) {
        Object[] resources = unit.rare == null ? null : unit.rare.resources;
        if (resources == null) {
            return;
        }
        for (int i = 0; i < resources.length && resources[i] != null; i += 2) {
            try {
                rolledBack((SessionKind<?>) resources[i], resources[i + 1]);
            } catch (Throwable e) {
                UnitCompletion.suppress(primary, e);
                unit.markRollbackOnly(nested, primary); // S6: the resource may still hold the work
            }
        }
    }

    /** Closes the resources, newest first; failures join {@code primary}, or are logged when there is none. */
    static Throwable close(Unit unit, Outcome ended, Throwable primary) {
        Object[] resources = unit.rare.resources;
        int last = resources.length - 2;
        while (last >= 0 && resources[last] == null) {
            last -= 2;
        }
        for (int i = last; i >= 0; i -= 2) {
            SessionKind<?> kind = (SessionKind<?>) resources[i];
            try {
                close(kind, resources[i + 1], ended);
            } catch (Throwable e) {
                if (!(e instanceof Exception)) {
                    unit.poisoned = true;
                }
                primary = UnitCompletion.cleanupFailed(unit, primary, e, ended, "closing its resource of " + kind);
            }
        }
        unit.rare.resources = null;
        return primary;
    }

    @SuppressWarnings("unchecked")
    private static <T> void flush(SessionKind<T> kind, Object resource) throws Exception {
        kind.flush((T) resource);
    }

    @SuppressWarnings("unchecked")
    private static <T> void rolledBack(SessionKind<T> kind, Object resource) throws Exception {
        kind.rolledBackToSavepoint((T) resource);
    }

    @SuppressWarnings("unchecked")
    private static <T> void close(SessionKind<T> kind, Object resource, Outcome ended) throws Exception {
        kind.close((T) resource, ended);
    }
}
