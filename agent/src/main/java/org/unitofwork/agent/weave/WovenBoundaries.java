package org.unitofwork.agent.weave;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.unitofwork.Boundary;
import org.unitofwork.Database;
import org.unitofwork.DatabaseConfigurationException;
import org.unitofwork.Scope;

/**
 * The boundaries of all woven methods, built once when their class is woven and found by number on
 * every call: a woven method carries its number as a constant, so a call costs one array read.
 * Woven classes call {@link #begin(int)}; the rest is for the agent's own packages.
 */
public final class WovenBoundaries {
    private static final ReentrantLock LOCK = new ReentrantLock();
    /** Replaced, never changed in place, so that {@link #begin} reads without locking. */
    private static volatile Boundary[] boundaries = new Boundary[0];
    /** Per number, the configuration line a legacy method was woven for; null for an annotated one. */
    private static volatile String[] lines = new String[0];
    /**
     * The number of each method already woven, per class loader, so that weaving a class again (when
     * the JVM retransforms it) reuses the boundary instead of registering a second one.
     */
    private static final Map<ClassLoader, Map<String, Integer>> NUMBERS = new WeakHashMap<>();

    private WovenBoundaries() {
    }

    /**
     * Begins the boundary of a woven method, as {@link Boundary#begin()} does. For a method a
     * configuration line chose, a database that is not registered is said in the terms of the
     * agent's configuration, which is what its users can change.
     *
     * @param number the number the method was woven with
     * @return the scope the method's body runs in
     */
    public static Scope begin(int number) {
        Boundary boundary = boundaries[number];
        try {
            return boundary.begin();
        } catch (DatabaseConfigurationException e) {
            String line = lines[number];
            if (line == null || registered(boundary.databaseName())) {
                throw e;
            }
            throw new DatabaseConfigurationException("Woven method " + boundary.name() + " (configured at " + line
                    + ") was called on thread " + Thread.currentThread().getName() + ", but its database '"
                    + boundary.databaseName() + "' is not registered. The agent registers a database for each"
                    + " datasource line of its configuration, when the application creates that data source, and for"
                    + " each drivermanager line at start; add 'datasource " + boundary.databaseName() + " <the"
                    + " application's DataSource class>' or 'drivermanager " + boundary.databaseName() + " <its JDBC"
                    + " URL>' to the configuration, or correct database= at " + line + ". (" + e.getMessage() + ")", e);
        }
    }

    private static boolean registered(String database) {
        try {
            Database.named(database);
            return true;
        } catch (DatabaseConfigurationException e) {
            return false;
        }
    }

    /**
     * A method's place in the registry.
     *
     * @param number its number, which the woven method carries
     * @param boundary its boundary
     * @param isNew whether it was registered by this call
     */
    public record Registration(int number, Boundary boundary, boolean isNew) {
    }

    /**
     * The registration of {@code method}, made now with {@code boundary} unless the method was woven
     * before.
     *
     * @param loader the loader of the woven class
     * @param method the class name, method name and descriptor
     * @param boundary the boundary to register when the method is new
     * @param line the configuration line that chose the method, or null for an annotated one
     * @return its number, its boundary, and whether it is new
     */
    public static Registration register(ClassLoader loader, String method, Boundary boundary, String line) {
        LOCK.lock();
        try {
            Map<String, Integer> numbers = NUMBERS.get(loader);
            if (numbers == null) {
                // not computeIfAbsent: a lambda costs the JVM's method handle machinery at the first weave
                numbers = new HashMap<>();
                NUMBERS.put(loader, numbers);
            }
            Integer known = numbers.get(method);
            if (known != null) {
                return new Registration(known, boundaries[known], false);
            }
            Boundary[] grown = Arrays.copyOf(boundaries, boundaries.length + 1);
            grown[grown.length - 1] = boundary;
            String[] grownLines = Arrays.copyOf(lines, grown.length);
            grownLines[grown.length - 1] = line;
            lines = grownLines; // before the boundaries: a reader that sees a number sees its line
            boundaries = grown;
            numbers.put(method, grown.length - 1);
            return new Registration(grown.length - 1, boundary, true);
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * The registration of {@code method} if it was woven before, else null.
     *
     * @param loader the loader of the woven class
     * @param method the class name, method name and descriptor
     * @return its registration, or null
     */
    public static Registration find(ClassLoader loader, String method) {
        LOCK.lock();
        try {
            Map<String, Integer> numbers = NUMBERS.get(loader);
            Integer known = numbers == null ? null : numbers.get(method);
            return known == null ? null : new Registration(known, boundaries[known], false);
        } finally {
            LOCK.unlock();
        }
    }
}
