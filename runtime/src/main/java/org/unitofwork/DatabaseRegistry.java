package org.unitofwork;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The open databases by name, so that boundaries, generated wrappers and woven methods, which know
 * only a name, find theirs. A name is taken by one open database at a time.
 */
final class DatabaseRegistry {
    private static final ConcurrentHashMap<String, Database> DATABASES = new ConcurrentHashMap<>();
    /** Serializes building and closing, so that a name is checked and taken atomically. */
    private static final ReentrantLock REGISTRATION = new ReentrantLock();

    private DatabaseRegistry() {
    }

    /**
     * Creates a database and registers it under {@code name}, which nobody may take in between.
     *
     * @param create creates the database, once the name is known to be free; its pool, if any, too
     * @throws DatabaseConfigurationException when the name is taken
     */
    static Database enroll(String name, Supplier<Database> create) {
        REGISTRATION.lock();
        try {
            Database taken = DATABASES.get(name);
            if (taken != null) {
                throw new DatabaseConfigurationException("A database named '" + name + "' is already registered ("
                        + taken.origin() + "): close it first, or give this one another name.");
            }
            Database db = create.get();
            DATABASES.put(name, db);
            return db;
        } finally {
            REGISTRATION.unlock();
        }
    }

    /**
     * Frees the name of {@code db}, closing it for good on the way.
     *
     * @param close marks the database closed, while nobody can register its name yet
     * @return whether this call closed it; false when it was closed already
     */
    static boolean remove(Database db, Runnable close) {
        REGISTRATION.lock();
        try {
            if (db.isClosed()) {
                return false;
            }
            close.run();
            DATABASES.remove(db.name(), db);
            return true;
        } finally {
            REGISTRATION.unlock();
        }
    }

    static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new DatabaseConfigurationException("A database name must not be blank; leave it unset for \""
                    + Database.DEFAULT_NAME + "\".");
        }
    }

    /** See {@link Database#named(String)}. */
    static Database named(String name) {
        Database db = DATABASES.get(name);
        if (db == null) {
            throw new DatabaseConfigurationException("No database named '" + name + "' is registered" + registered()
                    + ": build it first with Database.builder(jdbcUrl)"
                    + (Database.DEFAULT_NAME.equals(name) ? ".build()" : ".name(\"" + name + "\").build()") + ".");
        }
        return db;
    }

    /**
     * The database a boundary names, for the boundary's first unit: unlike {@link #named(String)},
     * a missing database is reported as the boundary's mistake, naming it and the thread, and a name
     * close to a registered one as a likely typo.
     */
    static Database namedBy(Boundary boundary) {
        String name = boundary.databaseName();
        Database db = DATABASES.get(name);
        if (db != null) {
            return db;
        }
        String near = null;
        for (String registered : DATABASES.keySet()) {
            if (nearlyEqual(name, registered)) {
                near = registered;
            }
        }
        throw new DatabaseConfigurationException("Boundary " + boundary.name() + " on "
                + Threads.describe(Thread.currentThread()) + " names database '" + name + "', but no database of that"
                + " name is registered" + registered() + (near != null
                        ? ". Did you mean '" + near + "'? Correct the boundary's database attribute."
                        : ". Build it before the boundary's first call: Database.builder(jdbcUrl)"
                                + (Database.DEFAULT_NAME.equals(name) ? "" : ".name(\"" + name + "\")") + ".build(), or"
                                + " correct the boundary's database attribute."));
    }

    /** The names registered, for a message that names none of them. */
    private static String registered() {
        return DATABASES.isEmpty() ? " (none is)" : " (registered: " + String.join(", ", DATABASES.keySet()) + ")";
    }

    /** Whether two names differ only in letter case or by at most two edits: a typo, most likely. */
    private static boolean nearlyEqual(String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        if (Math.abs(a.length() - b.length()) > 2) {
            return false;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()] <= 2;
    }
}
