package org.unitofwork;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Listens to a unit's completion hooks and keeps, in order, what they heard: {@code "afterCommit"},
 * {@code "afterRollback"}, {@code "afterCompletion COMMITTED"} and so on. What a user observes of
 * how a unit ended.
 */
final class HeardHooks {
    private final List<String> heard = new CopyOnWriteArrayList<>();

    /** Registers all three kinds of hook on {@code session}. */
    void listenTo(Session session) {
        session.afterCommit(() -> heard.add("afterCommit"));
        session.afterRollback(() -> heard.add("afterRollback"));
        session.afterCompletion(outcome -> heard.add("afterCompletion " + outcome));
    }

    /** {@return what the hooks heard, in order} */
    List<String> heard() {
        return List.copyOf(heard);
    }

    /** {@return the outcome {@code afterCompletion} heard, or null when it did not run} */
    Outcome outcome() {
        for (String h : heard) {
            if (h.startsWith("afterCompletion ")) {
                return Outcome.valueOf(h.substring("afterCompletion ".length()));
            }
        }
        return null;
    }

    static final List<String> COMMITTED = List.of("afterCommit", "afterCompletion COMMITTED");
    static final List<String> ROLLED_BACK = List.of("afterRollback", "afterCompletion ROLLED_BACK");
    static final List<String> UNKNOWN = List.of("afterCompletion UNKNOWN");
}
