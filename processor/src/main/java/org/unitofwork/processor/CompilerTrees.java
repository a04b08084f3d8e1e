package org.unitofwork.processor;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Reaches javac's tree API from a processing environment. Build tools may hand the processor a
 * wrapper around javac's environment (Gradle does, for incremental processing), which the tree API
 * refuses; such a wrapper keeps javac's environment in a field named {@code delegate}, where it is
 * looked for.
 */
final class CompilerTrees {
    private static final String WRAPPED_ENVIRONMENT_FIELD = "delegate";

    private CompilerTrees() {
    }

    /**
     * @param environment the environment the processor was given
     * @return javac's tree API, or {@code null} when the compiler is not javac
     */
    static Trees of(ProcessingEnvironment environment) {
        for (ProcessingEnvironment e = environment; e != null; e = wrapped(e)) {
            try {
                return Trees.instance(e);
            } catch (IllegalArgumentException notJavacsOwn) {
                // a wrapper, or another compiler: look inside
            }
        }
        return null;
    }

    private static ProcessingEnvironment wrapped(ProcessingEnvironment wrapper) {
        for (Class<?> c = wrapper.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(WRAPPED_ENVIRONMENT_FIELD);
                field.setAccessible(true);
                Object value = field.get(wrapper);
                return value instanceof ProcessingEnvironment inner && inner != wrapper ? inner : null;
            } catch (NoSuchFieldException absent) {
                // not declared at this level of the hierarchy
            } catch (ReflectiveOperationException | RuntimeException inaccessible) {
                return null;
            }
        }
        return null;
    }
}
