package org.unitofwork;

import org.unitofwork.spi.UnitEnded;

/**
 * Writes units to a JFR recording as {@link UnitEvent}s when one records them, and does nothing on a
 * runtime image that has no {@code jdk.jfr} module.
 */
final class UnitRecording {
    /**
     * An event never committed, asked whether a recording takes unit events: JFR makes {@code
     * isEnabled} a flag read, so asking costs no allocation per unit. Null without {@code jdk.jfr};
     * typed {@code Object} so that this class links without it.
     */
    private static final Object PROBE = ModuleLayer.boot().findModule("jdk.jfr").isPresent() ? new UnitEvent() : null;

    private UnitRecording() {
    }

    /** Whether a recording takes unit events now. */
    static boolean enabled() {
        return PROBE != null && ((UnitEvent) PROBE).isEnabled();
    }

    /** Starts the event of a unit that is starting now. */
    static Object begin() {
        UnitEvent event = new UnitEvent();
        event.begin();
        return event;
    }

    static void commit(Object started, UnitEnded unit) {
        UnitEvent event = (UnitEvent) started;
        event.end();
        if (event.shouldCommit()) {
            event.boundary = unit.boundary();
            event.database = unit.database();
            event.outcome = unit.outcome().name();
            event.rollbackCause = unit.rollbackCause() == null ? "" : unit.rollbackCause().getClass().getName();
            event.connectionWait = unit.connectionWaitNanos();
            event.statements = unit.statements();
            event.attempt = unit.attempt();
            event.commit();
        }
    }
}
