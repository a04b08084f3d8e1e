package org.unitofwork;

import java.util.List;

/**
 * What one unit that inserts one row reported about its outcome: the exception its caller got (or
 * none) and what its hooks heard. Checked against the truth, whether the row is there.
 */
final class UnitReport {
    final int id;
    final Throwable thrown;
    final List<String> heard;

    private UnitReport(int id, Throwable thrown, List<String> heard) {
        this.id = id;
        this.thrown = thrown;
        this.heard = heard;
    }

    /** Runs {@code boundary} inserting row {@code id} into {@code table}, and keeps what it reported. */
    static UnitReport insert(Boundary boundary, String table, int id) {
        HeardHooks hooks = new HeardHooks();
        try {
            boundary.run(session -> {
                hooks.listenTo(session);
                Rows.insert(session, table, id);
            });
            return new UnitReport(id, null, hooks.heard());
        } catch (Throwable t) {
            return new UnitReport(id, t, hooks.heard());
        }
    }

    /** {@return the outcome the caller sees: returned normally, unknown-outcome exception, or another exception} */
    Outcome byException() {
        return thrown == null ? Outcome.COMMITTED
                : thrown instanceof CommitOutcomeUnknownException ? Outcome.UNKNOWN : Outcome.ROLLED_BACK;
    }

    /** {@return the outcome {@code afterCompletion} heard, or null when the unit never ran its work} */
    Outcome byHooks() {
        for (String h : heard) {
            if (h.startsWith("afterCompletion ")) {
                return Outcome.valueOf(h.substring("afterCompletion ".length()));
            }
        }
        return null;
    }

    /**
     * What is wrong with this report, given whether the row is really there; null when nothing is:
     * the exception and the hooks agree, the hooks are exactly those of the outcome, committed means
     * the row is there, rolled back means it is not (unknown may go either way).
     */
    String problem(boolean rowPresent) {
        Outcome caller = byException();
        Outcome hooks = byHooks();
        String what = "unit " + id + " (" + (thrown == null ? "returned normally" : String.valueOf(thrown)) + ", hooks "
                + heard + ")";
        if (hooks != null && hooks != caller) {
            return what + ": the exception says " + caller + " but afterCompletion heard " + hooks;
        }
        if (hooks != null && !heard.equals(expectedHooks(hooks))) {
            return what + ": the hooks of " + hooks + " are " + expectedHooks(hooks);
        }
        if (caller == Outcome.COMMITTED && !rowPresent) {
            return what + ": reported committed, but its row is missing";
        }
        if (caller == Outcome.ROLLED_BACK && rowPresent) {
            return what + ": reported rolled back, but its row was committed";
        }
        return null;
    }

    private static List<String> expectedHooks(Outcome outcome) {
        return outcome == Outcome.COMMITTED ? HeardHooks.COMMITTED
                : outcome == Outcome.ROLLED_BACK ? HeardHooks.ROLLED_BACK : HeardHooks.UNKNOWN;
    }
}
