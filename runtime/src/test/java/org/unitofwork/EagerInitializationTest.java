package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * S21: a class initialised on first use by a virtual thread pins its carrier while it initialises,
 * and every other virtual thread that needs it waits pinned too. So no class of the runtime may be
 * initialised lazily: in a fresh class loader, initialising {@link Database} (which any unit needs
 * first) must have initialised every class the runtime's build produced. The list is read from the
 * compiled classes, never written by hand, so a new class cannot be forgotten.
 */
class EagerInitializationTest {

    @Test
    void s21_everyRuntimeClassIsInitialisedWithDatabase() throws Exception {
        Path classes = Path.of(Database.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("package-info.class"))
                    .forEach(f -> names.add(classes.relativize(f).toString().replace('/', '.').replace(".class", "")));
        }
        assertTrue(names.size() > 40, "found only " + names + " under " + classes);

        URL[] path = {classes.toUri().toURL(), location(HikariDataSource.class), location(LoggerFactory.class)};
        try (URLClassLoader fresh = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
            Class.forName(Database.class.getName(), true, fresh);
            Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
            Method uninitialised = unsafeType.getMethod("shouldBeInitialized", Class.class);
            List<String> lazy = new ArrayList<>();
            for (String name : names) {
                if ((Boolean) uninitialised.invoke(unsafe, Class.forName(name, false, fresh))) {
                    lazy.add(name);
                }
            }
            assertEquals(List.of(), lazy, "classes of the runtime that Database's static initialiser does not"
                    + " initialise: a virtual thread would initialise them on first use, pinned. Add them there.");
        }
    }

    private static URL location(Class<?> type) throws Exception {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }
}
