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
 * through are parsed; the others cost one walk of their constant pool and, with a configuration,
 * a comparison of their names.
 */
public final class ClassFilter {
    /**
     * What the constant pool is searched for, in one walk: the descriptor of {@code @UnitOfWork}; the
     * name {@code DriverManager}, which a class that calls it holds; and the classes woven code calls,
     * which a class woven already holds.
     */
    private static final byte[][] SOUGHT = {
        ascii("Lorg/unitofwork/UnitOfWork;"), ascii("java/sql/DriverManager"),
        ascii(WovenCalls.BOUNDARIES), ascii(WovenCalls.DATA_SOURCES), ascii(WovenCalls.DRIVER_MANAGER),
    };
    private static final int ANNOTATED = 1;
    private static final int CALLS_DRIVER_MANAGER = 1 << 1;
    private static final int WOVEN = 0b111 << 2;
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
        int names = names(bytes, SOUGHT);
        boolean annotated = (names & ANNOTATED) != 0;
        boolean callsDriverManager = (names & CALLS_DRIVER_MANAGER) != 0 && !configuration.driverManagers().isEmpty();
        if (!annotated && !callsDriverManager && configuration.units().isEmpty()
                && configuration.dataSources().isEmpty()) {
            return null; // the common case, decided without a string made
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
        if (!annotated && units.isEmpty() && dataSource == null && !callsDriverManager) {
            return null;
        }
        return new Candidate(className, annotated, List.copyOf(units), dataSource, callsDriverManager,
                (names & WOVEN) != 0);
    }

    /**
     * Which of a few names a class file holds, as entries of its constant pool: one walk of the pool;
     * a scan of the bytes for each name when the walk cannot read the class file.
     *
     * @param classFile a class file
     * @param sought at most 31 names, as the constant pool's UTF-8 entries hold them
     * @return bit {@code i} set when the class file holds {@code sought[i]}
     */
    public static int names(byte[] classFile, byte[][] sought) {
        int names = ConstantPoolNames.find(classFile, sought);
        if (names == ConstantPoolNames.UNREADABLE) {
            names = 0;
            for (int i = 0; i < sought.length; i++) {
                if (contains(classFile, sought[i])) {
                    names |= 1 << i;
                }
            }
        }
        return names;
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
