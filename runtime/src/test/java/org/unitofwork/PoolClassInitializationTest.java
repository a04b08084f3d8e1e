package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.h2.Driver;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 12 item 6 (S21): "no class a unit can touch is initialised lazily". The runtime's own
 * classes are initialised with {@link Database}; a unit's first borrow also touches HikariCP's
 * proxies of the connection, statements and result sets, which must be initialised before the
 * first unit too, not on whatever (virtual) thread borrows first.
 */
class PoolClassInitializationTest {

    @Test
    void s21_poolClassesAUnitTouchesAreInitialisedBeforeTheFirstUnit() throws Exception {
        URL[] path = {location(Database.class), location(HikariDataSource.class), location(LoggerFactory.class),
                location(Driver.class)};
        try (URLClassLoader fresh = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
            Class.forName("org.h2.Driver", true, fresh); // registers the fresh loader's driver
            Class<?> database = Class.forName(Database.class.getName(), true, fresh);
            Object builder = database.getMethod("builder", String.class)
                    .invoke(null, "jdbc:h2:mem:eager_pool;DB_CLOSE_DELAY=-1");
            builder.getClass().getMethod("name", String.class).invoke(builder, "eager-pool");
            builder.getClass().getMethod("user", String.class).invoke(builder, "sa");
            Object db = builder.getClass().getMethod("build").invoke(builder);
            try {
                Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
                Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
                Method uninitialised = unsafeType.getMethod("shouldBeInitialized", Class.class);
                List<String> lazy = new ArrayList<>();
                for (String name : List.of("com.zaxxer.hikari.pool.HikariProxyConnection",
                        "com.zaxxer.hikari.pool.HikariProxyStatement", "com.zaxxer.hikari.pool.HikariProxyPreparedStatement",
                        "com.zaxxer.hikari.pool.HikariProxyResultSet", "com.zaxxer.hikari.pool.ProxyLeakTask")) {
                    if ((Boolean) uninitialised.invoke(unsafe, Class.forName(name, false, fresh))) {
                        lazy.add(name);
                    }
                }
                System.out.println("eager: after Database.build(), before the first unit, still uninitialised: "
                        + lazy);
                assertEquals(List.of(), lazy, "classes every unit touches on its first borrow, initialised lazily:"
                        + " the first burst of virtual threads initialises them pinned");
            } finally {
                db.getClass().getMethod("close").invoke(db);
            }
        }
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }
}
