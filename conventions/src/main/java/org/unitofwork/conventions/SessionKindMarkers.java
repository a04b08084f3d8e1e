package org.unitofwork.conventions;

/**
 * Where an integration module declares the types its session kind injects: one empty resource per
 * type under {@value #DIRECTORY}, named after the type's binary name. The processor and the agent
 * both ask the class path for it, so neither loads nor needs an integration class to tell.
 *
 * <p>Not under {@code META-INF}: javac's {@code Filer}, through which the processor asks, finds a
 * resource in a jar on the class path only below directories whose names are Java identifiers, as
 * package names are, and {@code META-INF} is not one.
 */
public final class SessionKindMarkers {
    /** The resource directory of the markers. */
    public static final String DIRECTORY = "org/unitofwork/sessionkinds/";

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
