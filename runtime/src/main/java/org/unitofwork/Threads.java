package org.unitofwork;

/** How messages name a thread. */
final class Threads {
    private Threads() {
    }

    @SuppressWarnings("deprecation") // Thread.threadId() needs Java 19; getId() is the same number
    static String describe(Thread thread) {
        String name = thread.getName();
        return name.isEmpty() ? "thread #" + thread.getId() : "thread '" + name + "' (#" + thread.getId() + ")";
    }
}
