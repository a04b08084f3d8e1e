package org.unitofwork.agent;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.unitofwork.Boundary;

/**
 * The boundaries of all woven methods, built once when their class is woven and found by number on
 * every call: a woven method carries its number as a constant, so a call costs one array read.
 * Public because woven classes call {@link #get(int)}; nothing else is meant for them.
 */
public final class WovenBoundaries {
    private static final ReentrantLock LOCK = new ReentrantLock();
    /** Replaced, never changed in place, so that {@link #get} reads without locking. */
    private static volatile Boundary[] boundaries = new Boundary[0];
    /**
     * The number of each method already woven, per class loader, so that weaving a class again (when
     * the JVM retransforms it) reuses the boundary instead of registering a second one.
     */
    private static final Map<ClassLoader, Map<String, Integer>> NUMBERS = new WeakHashMap<>();

    private WovenBoundaries() {
    }

    /**
     * The boundary a woven method begins on every call.
     *
     * @param number the number the method was woven with
     * @return its boundary
     */
    public static Boundary get(int number) {
        return boundaries[number];
    }

    /** A method's place in the registry. */
    record Registration(int number, Boundary boundary, boolean isNew) {
    }

    /**
     * The registration of {@code method}, made now with {@code boundary} unless the method was woven
     * before.
     *
     * @param loader the loader of the woven class
     * @param method the class name, method name and descriptor
     * @param boundary the boundary to register when the method is new
     */
    static Registration register(ClassLoader loader, String method, Boundary boundary) {
        LOCK.lock();
        try {
            Map<String, Integer> numbers = NUMBERS.computeIfAbsent(loader, l -> new HashMap<>());
            Integer known = numbers.get(method);
            if (known != null) {
                return new Registration(known, boundaries[known], false);
            }
            Boundary[] grown = Arrays.copyOf(boundaries, boundaries.length + 1);
            grown[grown.length - 1] = boundary;
            boundaries = grown;
            numbers.put(method, grown.length - 1);
            return new Registration(grown.length - 1, boundary, true);
        } finally {
            LOCK.unlock();
        }
    }

    /** The registration of {@code method} if it was woven before, else null. */
    static Registration find(ClassLoader loader, String method) {
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
