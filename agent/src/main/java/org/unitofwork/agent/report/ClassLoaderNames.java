package org.unitofwork.agent.report;

/**
 * How the report and the warnings name a class loader, so that a class woven in a webapp or a
 * launcher's loader can be told from the same class elsewhere: the system class loader as such,
 * any other by its name if it has one, its class, and its identity (two webapps' loaders are of one
 * class).
 */
public final class ClassLoaderNames {
    private ClassLoaderNames() {
    }

    /**
     * Names a class loader for a report line or a warning.
     *
     * @param loader a class loader, null for the bootstrap loader
     * @return its description, as {@code the system class loader} or
     *     {@code class loader org.apache.catalina.loader.ParallelWebappClassLoader@1b2c3d4e}
     */
    public static String describe(ClassLoader loader) {
        if (loader == null) {
            return "the bootstrap class loader";
        }
        if (loader == ClassLoader.getSystemClassLoader()) {
            return "the system class loader";
        }
        String identity = loader.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(loader));
        return "class loader " + (loader.getName() == null ? identity : "'" + loader.getName() + "' (" + identity + ")");
    }
}
