package org.unitofwork.conventions;

import java.util.List;

/**
 * How the annotation processor names the wrapper it generates for a type, and so how the agent
 * recognises a class the processor already wrapped: {@value #PREFIX} followed by the simple names of
 * the type and of the types enclosing it, outermost first, joined by {@code _}, in the type's package.
 * {@code AccountService} gives {@code ManagedAccountService}, {@code Outer.Inner} gives
 * {@code ManagedOuter_Inner}.
 */
public final class WrapperNames {
    /** What every wrapper's simple name begins with. */
    public static final String PREFIX = "Managed";

    private WrapperNames() {
    }

    /**
     * Names the wrapper of a type.
     *
     * @param packageName the wrapped type's package, empty for the unnamed package
     * @param simpleNames the simple names of the type's enclosing types and of the type, outermost first
     * @return the wrapper's qualified name
     */
    public static String of(String packageName, List<String> simpleNames) {
        String simpleName = PREFIX + String.join("_", simpleNames);
        return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
    }

    /**
     * Tells a class that may be a wrapper by its name; the agent also looks for the runtime's types in it.
     *
     * @param simpleName a class's simple name
     * @return whether the processor could have generated a class of that name
     */
    public static boolean looksGenerated(String simpleName) {
        return simpleName.startsWith(PREFIX);
    }
}
