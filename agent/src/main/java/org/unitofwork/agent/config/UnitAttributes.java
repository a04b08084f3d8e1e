package org.unitofwork.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.unitofwork.Boundary;
import org.unitofwork.BoundaryConfigurationException;
import org.unitofwork.Database;
import org.unitofwork.Isolation;
import org.unitofwork.Propagation;

/**
 * The attributes of {@code @UnitOfWork}, as a configuration line gives them for legacy methods
 * ({@code readOnly=true propagation=REQUIRES_NEW rollbackFor=java.io.IOException,…}). Exception
 * classes stay names until a woven class's loader resolves them.
 *
 * @param database the database's name
 * @param propagation the propagation
 * @param readOnly whether the unit is read-only
 * @param isolation the isolation level
 * @param timeoutSeconds the unit's deadline in seconds, 0 for none
 * @param rollbackFor the exception classes that roll back, by name
 * @param noRollbackFor the exception classes that commit, by name
 * @param retries how many times a transient failure is retried
 * @param resolveUnknownCommit whether a commit of unknown outcome is resolved
 * @param connectionHoldBudgetMillis how long the unit may hold its connection, -1 for the database's
 *     setting
 */
public record UnitAttributes(String database, Propagation propagation, boolean readOnly, Isolation isolation,
        int timeoutSeconds, List<String> rollbackFor, List<String> noRollbackFor, int retries,
        boolean resolveUnknownCommit, long connectionHoldBudgetMillis) {

    /** The names a configuration line may use, for messages. */
    static final String NAMES = "database, propagation, readOnly, isolation, timeoutSeconds, rollbackFor, noRollbackFor, retries,"
            + " resolveUnknownCommit, connectionHoldBudgetMillis";

    /**
     * Reads {@code name=value} words.
     *
     * @param where how messages name the line, such as {@code "agent.conf:3"}
     * @throws IllegalArgumentException for an unknown attribute or a value it cannot take
     */
    static UnitAttributes parse(List<String> words, String where) {
        String database = Database.DEFAULT_NAME;
        Propagation propagation = Propagation.REQUIRED;
        boolean readOnly = false;
        Isolation isolation = Isolation.DEFAULT;
        int timeoutSeconds = 0;
        List<String> rollbackFor = List.of();
        List<String> noRollbackFor = List.of();
        int retries = 0;
        boolean resolveUnknownCommit = false;
        long connectionHoldBudgetMillis = -1;
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0 || eq == word.length() - 1) {
                throw new IllegalArgumentException(where + ": '" + word + "' is not an attribute; write name=value with"
                        + " one of " + NAMES);
            }
            String name = word.substring(0, eq);
            String value = word.substring(eq + 1);
            switch (name) {
                case "database" -> database = value;
                case "propagation" -> propagation = enumValue(Propagation.class, value, where);
                case "readOnly" -> readOnly = booleanValue(value, where);
                case "isolation" -> isolation = enumValue(Isolation.class, value, where);
                case "timeoutSeconds" -> timeoutSeconds = intValue(name, value, where);
                case "rollbackFor" -> rollbackFor = List.of(value.split(","));
                case "noRollbackFor" -> noRollbackFor = List.of(value.split(","));
                case "retries" -> retries = intValue(name, value, where);
                case "resolveUnknownCommit" -> resolveUnknownCommit = booleanValue(value, where);
                case "connectionHoldBudgetMillis" -> connectionHoldBudgetMillis = intValue(name, value, where);
                default -> throw new IllegalArgumentException(where + ": unknown attribute '" + name + "'; the attributes"
                        + " are those of @UnitOfWork: " + NAMES);
            }
        }
        UnitAttributes attributes = new UnitAttributes(database, propagation, readOnly, isolation, timeoutSeconds,
                rollbackFor, noRollbackFor, retries, resolveUnknownCommit, connectionHoldBudgetMillis);
        try {
            // the runtime checks the attributes against each other; exception classes wait for a class loader
            attributes.builder(where).build();
        } catch (BoundaryConfigurationException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        return attributes;
    }

    /**
     * The boundary these attributes describe.
     *
     * @param name how the runtime's messages name the boundary
     * @param loader the loader of the woven class, which resolves the exception classes
     * @return the boundary
     * @throws BoundaryConfigurationException when the attributes contradict each other
     * @throws ClassNotFoundException when an exception class cannot be found from {@code loader}
     */
    public Boundary boundary(String name, ClassLoader loader) throws ClassNotFoundException {
        return builder(name)
                .rollbackFor(throwables(rollbackFor, loader))
                .noRollbackFor(throwables(noRollbackFor, loader))
                .build();
    }

    private Boundary.Builder builder(String name) {
        return Boundary.builder(name)
                .database(database)
                .propagation(propagation)
                .readOnly(readOnly)
                .isolation(isolation)
                .timeoutSeconds(timeoutSeconds)
                .retries(retries)
                .resolveUnknownCommit(resolveUnknownCommit)
                .connectionHoldBudgetMillis(connectionHoldBudgetMillis);
    }

    @SuppressWarnings("unchecked") // every element is checked with asSubclass
    private static Class<? extends Throwable>[] throwables(List<String> names, ClassLoader loader)
            throws ClassNotFoundException {
        List<Class<? extends Throwable>> classes = new ArrayList<>();
        for (String name : names) {
            // not initialized: weaving must not run the application's static initializers
            classes.add(Class.forName(name.trim(), false, loader).asSubclass(Throwable.class));
        }
        return classes.toArray((Class<? extends Throwable>[]) new Class<?>[0]);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String where) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                names.add(constant.name());
            }
            throw new IllegalArgumentException(where + ": '" + value + "' is not a " + type.getSimpleName()
                    + "; use one of " + String.join(", ", names), e);
        }
    }

    private static boolean booleanValue(String value, String where) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(where + ": readOnly is true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static int intValue(String name, String value, String where) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + name + " is a whole number, not '" + value + "'", e);
        }
    }
}
