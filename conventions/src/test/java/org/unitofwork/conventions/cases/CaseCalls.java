package org.unitofwork.conventions.cases;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

/**
 * Calls a method of a case the way the tests do, passing nothing of their own: {@code null} for every
 * reference parameter and zero for every primitive one, so that what the method sees not null was
 * supplied by the unit ({@link Supplied}).
 */
public final class CaseCalls {
    private CaseCalls() {
    }

    /**
     * @param type the class declaring the method: the woven class, or the processor's wrapper
     * @param target the instance to call it on, ignored for a static method
     * @param name the method's name
     * @param parameterTypes the names of its parameter types, as {@link Class#getTypeName()} writes them
     * @return what the method returned: the index of the parameter that was supplied, -1 for none
     * @throws Throwable what the method threw
     */
    public static int call(Class<?> type, Object target, String name, List<String> parameterTypes) throws Throwable {
        Method method = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(name) && !m.isSynthetic()
                        && Arrays.stream(m.getParameterTypes()).map(Class::getTypeName).toList().equals(parameterTypes))
                .findFirst()
                .orElseThrow(() -> new AssertionError(type.getName() + " declares no method " + name + parameterTypes));
        Object[] arguments = new Object[method.getParameterCount()];
        for (int i = 0; i < arguments.length; i++) {
            Class<?> parameterType = method.getParameterTypes()[i];
            arguments[i] = parameterType.isPrimitive() ? Array.get(Array.newInstance(parameterType, 1), 0) : null;
        }
        try {
            return (Integer) method.invoke(Modifier.isStatic(method.getModifiers()) ? null : target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
