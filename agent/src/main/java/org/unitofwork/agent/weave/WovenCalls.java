package org.unitofwork.agent.weave;

/**
 * The agent's classes that woven code calls, by internal name: the weaving writes these names into
 * the classes it changes, and a class file that names one was woven already. Constants, so that
 * reading them loads none of the classes: the data source and {@code DriverManager} ones link against
 * the runtime and JDBC.
 */
public final class WovenCalls {
    /** {@link WovenBoundaries}: every woven method begins its boundary there. */
    public static final String BOUNDARIES = "org/unitofwork/agent/weave/WovenBoundaries";
    /** {@code AdoptedDataSources}: an adopted data source's {@code getConnection()} and constructors call it. */
    public static final String DATA_SOURCES = "org/unitofwork/agent/adopt/AdoptedDataSources";
    /** {@code AdoptedDriverManager}: the redirected {@code DriverManager.getConnection} calls. */
    public static final String DRIVER_MANAGER = "org/unitofwork/agent/adopt/AdoptedDriverManager";

    private WovenCalls() {
    }
}
