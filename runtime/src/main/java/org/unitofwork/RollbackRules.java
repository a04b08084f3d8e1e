package org.unitofwork;

/**
 * S10: a boundary's {@code rollbackFor} and {@code noRollbackFor}, and which of them a failure
 * matches: the closest class of its hierarchy named in either decides; with neither, it rolls back.
 */
final class RollbackRules {
    /** No rule: the value of an attribute left unset. */
    static final Class<? extends Throwable>[] NONE = newClassArray(0);

    private RollbackRules() {
    }

    /** Whether {@code failure} rolls the unit back under these rules; call only when {@code noRollbackFor} has one. */
    static boolean rollsBackOn(Class<? extends Throwable>[] rollbackFor, Class<? extends Throwable>[] noRollbackFor,
            Throwable failure) {
        for (Class<?> c = failure.getClass(); c != null; c = c.getSuperclass()) {
            for (Class<? extends Throwable> rule : rollbackFor) {
                if (rule == c) {
                    return true;
                }
            }
            for (Class<? extends Throwable> rule : noRollbackFor) {
                if (rule == c) {
                    return false;
                }
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Throwable>[] newClassArray(int length) {
        return (Class<? extends Throwable>[]) new Class<?>[length];
    }
}
