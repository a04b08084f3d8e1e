package org.unitofwork;

import java.util.Arrays;
import java.util.List;

/**
 * A boundary's attributes as {@link Boundary.Builder} checks them, each one's range and those that
 * contradict each other, refused with a {@link BoundaryConfigurationException} that names the
 * boundary and the attribute to change; and as {@link Boundary#toString()} shows them.
 */
final class BoundaryAttributes {
    private BoundaryAttributes() {
    }

    static void check(String name, Propagation propagation, int timeoutSeconds, long connectionHoldBudgetMillis,
            int retries, Class<? extends Throwable>[] rollbackFor, Class<? extends Throwable>[] noRollbackFor) {
        if (timeoutSeconds < 0) {
            throw new BoundaryConfigurationException("Boundary " + name + ": timeoutSeconds must be 0 (no deadline) or"
                    + " positive, not " + timeoutSeconds);
        }
        if (connectionHoldBudgetMillis < -1) {
            throw new BoundaryConfigurationException("Boundary " + name + ": connectionHoldBudgetMillis must be -1"
                    + " (the database's budget), 0 (no limit) or positive, not " + connectionHoldBudgetMillis);
        }
        if (retries < 0) {
            throw new BoundaryConfigurationException("Boundary " + name + ": retries must be 0 (no retry) or positive,"
                    + " not " + retries);
        }
        // S17: only a unit of the boundary's own can run again
        if (retries > 0 && !opensOwnTransaction(propagation)) {
            throw new BoundaryConfigurationException("Boundary " + name + ": retries = " + retries + " cannot work with"
                    + " propagation " + propagation + ", which never opens a transaction of its own to run again;"
                    + " use REQUIRED, REQUIRES_NEW or NESTED, or remove retries");
        }
        // S10: a class in both could be decided by neither
        for (Class<? extends Throwable> type : rollbackFor) {
            for (Class<? extends Throwable> other : noRollbackFor) {
                if (type == other) {
                    throw new BoundaryConfigurationException("Boundary " + name + ": " + type.getName()
                            + " is in both rollbackFor and noRollbackFor; keep it in one of them");
                }
            }
        }
    }

    /** A copy of an attribute's classes, which the caller's array can no longer change. */
    static Class<? extends Throwable>[] copy(String name, String attribute, Class<? extends Throwable>[] types) {
        Class<? extends Throwable>[] copy = Arrays.copyOf(types, types.length);
        for (Class<? extends Throwable> type : copy) {
            if (type == null) {
                throw new BoundaryConfigurationException("Boundary " + name + ": " + attribute + " contains null");
            }
        }
        return copy;
    }

    private static boolean opensOwnTransaction(Propagation propagation) {
        return propagation == Propagation.REQUIRED || propagation == Propagation.REQUIRES_NEW
                || propagation == Propagation.NESTED;
    }

    /** {@link Boundary#toString()}: the name, then the attributes that differ from the defaults. */
    static String describe(Boundary b) {
        StringBuilder s = new StringBuilder(b.name()).append(" [database=").append(b.databaseName())
                .append(", propagation=").append(b.propagation());
        if (b.readOnly()) {
            s.append(", readOnly");
        }
        if (b.isolation() != Isolation.DEFAULT) {
            s.append(", isolation=").append(b.isolation());
        }
        if (b.timeoutSeconds() > 0) {
            s.append(", timeoutSeconds=").append(b.timeoutSeconds());
        }
        if (!b.rollbackFor().isEmpty()) {
            s.append(", rollbackFor=").append(simpleNames(b.rollbackFor()));
        }
        if (!b.noRollbackFor().isEmpty()) {
            s.append(", noRollbackFor=").append(simpleNames(b.noRollbackFor()));
        }
        if (b.retries() > 0) {
            s.append(", retries=").append(b.retries());
        }
        if (b.resolveUnknownCommit()) {
            s.append(", resolveUnknownCommit");
        }
        if (b.connectionHoldBudgetMillis() >= 0) {
            s.append(", connectionHoldBudgetMillis=").append(b.connectionHoldBudgetMillis());
        }
        return s.append(']').toString();
    }

    private static String simpleNames(List<Class<? extends Throwable>> classes) {
        String[] names = new String[classes.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = classes.get(i).getSimpleName();
        }
        return Arrays.toString(names);
    }
}
