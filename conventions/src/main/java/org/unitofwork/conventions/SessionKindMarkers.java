package org.unitofwork.conventions;

/**
 * Where an integration module declares the types its session kind injects: one empty resource per
 * type under {@value #DIRECTORY}, named after the type's binary name. The processor and the agent
 * both ask the class path for it, so neither loads nor needs an integration class to tell.
 */
public final class SessionKindMarkers {
    /** The resource directory of the markers. */
    public static final String DIRECTORY = "META-INF/unitofwork/session-kinds/";

    private SessionKindMarkers() {
    }

    /**
     * Names the marker of one type.
     *
     * @param binaryName a type's binary name, {@code com.example.Outer$Inner}
     * @return the name of the resource that marks it as a session kind's type
     */
    public static String resource(String binaryName) {
        return DIRECTORY + binaryName;
    }
}
