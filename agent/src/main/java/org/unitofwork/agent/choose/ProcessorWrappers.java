package org.unitofwork.agent.choose;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * Whether the annotation processor generated a wrapper for a class. The processor writes the
 * wrapper where javac writes the class, so it is looked for in the class's own directory or jar
 * (as the JVM sees a multi-release jar), when the class's protection domain names one that holds
 * the class; a class from elsewhere (a nested jar, a virtual file system, a loader that gives its
 * classes the domain of another jar) is looked for through its class loader. {@link ClassLoader#getResource} asks the parent loaders first, and the boot loader
 * searches every module of the JDK for a name outside its packages: done for each annotated class
 * as the application starts, that search was most of the cost of weaving it.
 */
final class ProcessorWrappers {
    private ProcessorWrappers() {
    }

    /**
     * @param resource the wrapper's class file, as a resource name
     * @param classResource the class's own class file, as a resource name
     * @param loader the class's loader
     * @param domain the class's protection domain, or null when not known
     * @return whether the wrapper's class file exists
     */
    static boolean exists(String resource, String classResource, ClassLoader loader, ProtectionDomain domain) {
        File origin = origin(domain);
        if (origin != null) {
            if (origin.isDirectory() && new File(origin, classResource).isFile()) {
                return new File(origin, resource).isFile();
            }
            if (origin.isFile()) {
                // the class loader has the jar open: the JDK shares what it read of the jar's directory
                try (JarFile jar = new JarFile(origin, false, ZipFile.OPEN_READ, Runtime.version())) {
                    if (jar.getJarEntry(classResource) != null) {
                        return jar.getJarEntry(resource) != null;
                    }
                } catch (IOException e) {
                    // not a jar this can read: the class loader is asked below
                }
            }
        }
        return loader.getResource(resource) != null;
    }

    /** The directory or file the class was loaded from, when it is a plain file of the local file system. */
    private static File origin(ProtectionDomain domain) {
        CodeSource source = domain == null ? null : domain.getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null || !"file".equals(location.getProtocol())) {
            return null;
        }
        // a URL made by File.toURL() leaves spaces, '%' and the like as they are: its path is then the file's
        File unencoded = new File(location.getPath());
        try {
            File decoded = new File(location.toURI());
            return decoded.exists() ? decoded : unencoded;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return unencoded;
        }
    }
}
