package org.unitofwork;

import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * S18: the callbacks registered on a session ({@code afterCommit}, {@code afterRollback},
 * {@code afterCompletion}), run in order once the outermost unit has ended and its connection is back
 * in the pool. A failing hook neither undoes the outcome nor stops the others, and what it throws says
 * how the unit ended. A nested boundary that rolls back to its savepoint discards the hooks registered
 * inside it (S8).
 */
final class Hooks {
    private Hooks() {
    }

    /** Registers {@code hook} on {@code unit}, to run after those registered before it. */
    static void add(Unit unit, Hook hook) {
        RareState r = unit.rare();
        if (r.hooks == null) {
            r.hooks = new ArrayList<>(4);
        }
        r.hooks.add(hook);
    }

    /** How many hooks the unit has: a nested scope owns those registered after it began. */
    static int count(Unit unit) {
        return unit.rare == null || unit.rare.hooks == null ? 0 : unit.rare.hooks.size();
    }

    /** Drops the hooks of a nested scope whose work was rolled back to its savepoint. */
    static void discardFrom(Unit unit, int first) {
        ArrayList<Hook> hooks = unit.rare == null ? null : unit.rare.hooks;
        if (hooks != null && hooks.size() > first) {
            hooks.subList(first, hooks.size()).clear();
        }
    }

    /**
     * Runs the unit's hooks, in the order registered, once it has ended and its connection is back.
     *
     * @param primary what the boundary throws already, to which hook failures are added; or null
     * @return what the boundary throws: {@code primary}, else the hooks' failure, or null
     */
    static Throwable run(Unit unit, Outcome ended, Throwable primary) {
        ArrayList<Hook> hooks = unit.rare == null ? null : unit.rare.hooks;
        if (hooks == null) {
            return primary;
        }
        HookFailedException hookFailure = null;
        Throwable hookError = null; // S1: an Error is thrown as it is, never turned into an exception
        for (int i = 0; i < hooks.size(); i++) {
            Hook hook = hooks.get(i);
            try {
                hook.runOn(ended);
            } catch (Throwable e) { // S18: the outcome stands and the other hooks still run
                if (primary != null) {
                    primary.addSuppressed(e);
                    continue;
                }
                boolean error = !(e instanceof Exception);
                HookFailedException said = new HookFailedException(unit.describeAtStart() + (ended == Outcome.COMMITTED
                        ? " committed; its work stands. Then its " : ended == Outcome.ROLLED_BACK
                        ? " rolled back as requested. Then its " : " ended with an unknown outcome. Then its ")
                        + hook.kind + " hook #" + (i + 1) + " failed: " + e
                        + ". The other hooks still ran; repair or repeat what the failed hook was to do.", error ? null : e);
                if (error && hookError == null) {
                    hookError = e;
                    e.addSuppressed(said);
                } else if (hookFailure == null && hookError == null) {
                    hookFailure = said;
                } else {
                    (hookError != null ? hookError : hookFailure).addSuppressed(error ? e : said);
                }
            }
        }
        if (primary != null) {
            return primary;
        }
        if (hookError != null && hookFailure != null) {
            hookError.addSuppressed(hookFailure);
        }
        return hookError != null ? hookError : hookFailure;
    }

    /** A callback registered on the session, run once the unit has ended. */
    static final class Hook {
        final String kind;
        /** The outcome the hook runs on; null: any outcome. */
        private final Outcome on;
        private final Runnable action;
        private final Consumer<Outcome> completion;

        Hook(String kind, Outcome on, Runnable action, Consumer<Outcome> completion) {
            this.kind = kind;
            this.on = on;
            this.action = action;
            this.completion = completion;
        }

        void runOn(Outcome outcome) {
            if (completion != null) {
                completion.accept(outcome);
            } else if (on == outcome) {
                action.run();
            }
        }
    }
}
