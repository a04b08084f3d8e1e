package org.unitofwork.agent.choose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent remembers of a class loader's types (session-kind markers, connections) does not keep it alive. */
class ParameterShapesTest {

    @Test
    void theRememberedMarkersLetAClassLoaderGo(@TempDir Path directory) throws Exception {
        Method isMarked = ParameterShapes.class.getDeclaredMethod("isMarked", String.class, ClassLoader.class);
        isMarked.setAccessible(true);
        Method isConnection = ParameterShapes.class.getDeclaredMethod("isConnection", String.class, ClassLoader.class);
        isConnection.setAccessible(true);
        URLClassLoader loader = new URLClassLoader(new URL[] {directory.toUri().toURL()}, null);
        assertEquals(false, isMarked.invoke(null, "shop.Orders", loader));
        assertEquals(false, isConnection.invoke(null, "shop/Orders", loader));
        WeakReference<ClassLoader> gone = new WeakReference<>(loader);
        loader.close();
        loader = null;
        for (int i = 0; i < 50 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(gone.get(), "the class loader is collected");
    }
}
