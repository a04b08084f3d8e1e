package org.unitofwork.conventions.cases;

/**
 * What the methods of the cases return, so that a test can see which parameter the unit supplied: the
 * tests pass {@code null} (or zero) for every parameter, so the one that is not null was injected.
 */
public final class Supplied {
    private Supplied() {
    }

    /**
     * @param arguments a method's arguments, in order
     * @return the index of the one argument that is neither null nor a boxed primitive, -1 when none is
     */
    public static int index(Object... arguments) {
        int index = -1;
        for (int i = 0; i < arguments.length; i++) {
            if (arguments[i] != null && !(arguments[i] instanceof Number) && !(arguments[i] instanceof Boolean)) {
                if (index >= 0) {
                    throw new IllegalStateException("arguments " + index + " and " + i + " were both supplied");
                }
                index = i;
            }
        }
        return index;
    }
}
