package org.unitofwork.agent.choose;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.unitofwork.agent.config.Configuration;
import org.unitofwork.agent.config.DataSourceRule;
import org.unitofwork.agent.config.UnitRule;
import org.unitofwork.agent.weave.WovenCalls;

/**
 * The cheap first look at every class the JVM loads, before the weaver parses anything: its name
 * against the configuration, and its bytes searched for the descriptor of {@code @UnitOfWork}
 * (a class that uses the annotation names it in its constant pool). Only the classes it lets
 * through are parsed; the others cost a name comparison and one scan of their bytes.
 */
public final class ClassFilter {
    private static final byte[] UNIT_OF_WORK = ascii("Lorg/unitofwork/UnitOfWork;");
    /** A class that calls {@code DriverManager} names it in its constant pool. */
    private static final byte[] DRIVER_MANAGER = ascii("java/sql/DriverManager");
    /** Woven code calls one of these: a class that names one was woven already. */
    private static final byte[][] WOVEN_MARKERS = {
        ascii(WovenCalls.BOUNDARIES), ascii(WovenCalls.DATA_SOURCES), ascii(WovenCalls.DRIVER_MANAGER),
    };
    /** The packages never woven: the JDK's, and the agent's and the runtime's own. */
    private static final String[] EXCLUDED_PREFIXES = {
        "java/", "javax/", "jdk/", "sun/", "com/sun/", "org/unitofwork/agent/", "net/bytebuddy/",
    };
    private static final String RUNTIME_PACKAGE = "org/unitofwork/";

    private final Configuration configuration;

    /**
     * A filter for one configuration.
     *
     * @param configuration the lines whose class names let a class through
     */
    public ClassFilter(Configuration configuration) {
        this.configuration = configuration;
    }

    /**
     * What the first look found.
     *
     * @param className the class's binary name, with dots
     * @param annotated whether the class names {@code @UnitOfWork}
     * @param units the unit rules whose class pattern matches, in file order
     * @param dataSource the data source rule naming the class, or null
     * @param callsDriverManager whether the class may call {@code DriverManager.getConnection}, with
     *     {@code drivermanager} lines in the configuration
     * @param alreadyWoven whether the bytes were already woven by this agent
     */
    public record Candidate(String className, boolean annotated, List<UnitRule> units, DataSourceRule dataSource,
            boolean callsDriverManager, boolean alreadyWoven) {
    }

    /**
     * The first look at a class the JVM loads.
     *
     * @param internalName the class's name with slashes, as the JVM gives it
     * @param bytes the class file
     * @return what may be woven in the class, or null when nothing can be
     */
    public Candidate candidate(String internalName, byte[] bytes) {
        if (isExcluded(internalName)) {
            return null;
        }
        String className = internalName.replace('/', '.');
        List<UnitRule> units = new ArrayList<>();
        for (UnitRule rule : configuration.units()) {
            if (rule.classes().matches(className)) {
                units.add(rule);
            }
        }
        DataSourceRule dataSource = null;
        for (DataSourceRule rule : configuration.dataSources()) {
            if (rule.className().equals(className)) {
                dataSource = rule;
            }
        }
        boolean annotated = contains(bytes, UNIT_OF_WORK);
        boolean callsDriverManager = !configuration.driverManagers().isEmpty() && contains(bytes, DRIVER_MANAGER);
        if (!annotated && units.isEmpty() && dataSource == null && !callsDriverManager) {
            return null;
        }
        return new Candidate(className, annotated, List.copyOf(units), dataSource, callsDriverManager, isWoven(bytes));
    }

    /**
     * Whether a class may pass by its name alone: the JDK's, the agent's and the runtime's never do.
     *
     * @param internalName the class's name with slashes
     * @return true when it is never woven
     */
    public static boolean isExcluded(String internalName) {
        for (String prefix : EXCLUDED_PREFIXES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        // the runtime is the one package org.unitofwork; its subpackages are applications' code
        return internalName.startsWith(RUNTIME_PACKAGE) && internalName.indexOf('/', RUNTIME_PACKAGE.length()) < 0;
    }

    /** Whether the class bytes name the agent's registries, as every class it wove does. */
    static boolean isWoven(byte[] bytes) {
        for (byte[] marker : WOVEN_MARKERS) {
            if (contains(bytes, marker)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a class file holds a name, by a scan of its bytes.
     *
     * @param haystack a class file
     * @param needle the bytes of a name, as the constant pool holds it
     * @return whether the class file holds the name
     */
    public static boolean contains(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
