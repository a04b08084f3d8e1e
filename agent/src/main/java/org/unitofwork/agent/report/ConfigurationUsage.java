package org.unitofwork.agent.report;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.unitofwork.agent.adopt.AdoptedDriverManager;
import org.unitofwork.agent.config.Configuration;
import org.unitofwork.agent.config.DataSourceRule;
import org.unitofwork.agent.config.DriverManagerRule;
import org.unitofwork.agent.config.UnitRule;

/**
 * What the configuration's lines did during the run, said when the JVM exits: a {@code unit} line
 * that wove nothing, a {@code datasource} line whose class never loaded, and abstract methods that
 * a line or a type's annotation chose and none of whose implementations was woven. Those can only
 * be known once the application has loaded what it loads.
 */
public final class ConfigurationUsage {
    private final Configuration configuration;
    private final boolean dryRun;
    /** Per unit line (by where it is), the classes its class pattern matched, in the order they loaded. */
    private final Map<String, Set<String>> matchedClasses = new ConcurrentHashMap<>();
    private final Set<String> wovenLines = ConcurrentHashMap.newKeySet();
    private final Set<String> loadedDataSources = ConcurrentHashMap.newKeySet();
    private final List<AbstractMethod> abstractMethods = new ArrayList<>();
    private final List<Method> wovenMethods = new ArrayList<>();

    /**
     * A method of a class as a loader defines it. The loader is held weakly: this lives as long as the
     * JVM, and an undeployed webapp's loader must be collected.
     */
    private record Method(WeakReference<ClassLoader> loader, String className, String name) {
        Method(ClassLoader loader, String className, String name) {
            this(new WeakReference<>(loader), className, name);
        }
    }

    /** An abstract method chosen, how the report names it, and the line that chose it (null: an annotation). */
    private record AbstractMethod(Method method, String described, String line) {
    }

    /**
     * Follows a configuration's use from the start of a run.
     *
     * @param configuration the lines whose use is followed
     * @param dryRun whether nothing is woven in this run: the report says "would have"
     */
    public ConfigurationUsage(Configuration configuration, boolean dryRun) {
        this.configuration = configuration;
        this.dryRun = dryRun;
    }

    /**
     * A class loaded that the line's class pattern matches.
     *
     * @param rule the unit line
     * @param className the class's binary name
     */
    public void classMatched(UnitRule rule, String className) {
        Set<String> classes = matchedClasses.get(rule.where());
        if (classes == null) {
            Set<String> created = ConcurrentHashMap.newKeySet();
            classes = matchedClasses.putIfAbsent(rule.where(), created);
            if (classes == null) {
                classes = created;
            }
        }
        classes.add(className);
    }

    /**
     * A method the line chose is woven (or would be, in a dry run).
     *
     * @param rule the unit line
     */
    public void methodChosen(UnitRule rule) {
        wovenLines.add(rule.where());
    }

    /**
     * The class the line names loaded.
     *
     * @param rule the datasource line
     */
    public void dataSourceLoaded(DataSourceRule rule) {
        loadedDataSources.add(rule.where());
    }

    /**
     * A woven method (in a dry run: one that would be), which may implement an abstract one chosen.
     *
     * @param loader its class's loader
     * @param className its class's binary name
     * @param name its name
     */
    public synchronized void woven(ClassLoader loader, String className, String name) {
        wovenMethods.add(new Method(loader, className, name));
    }

    /**
     * An abstract method a line or a type's annotation chose: reported at exit unless an implementation
     * was woven.
     *
     * @param loader its class's loader
     * @param className its class's binary name
     * @param name its name
     * @param described how the report names the method
     * @param line the configuration line that chose it, or null for an annotation
     */
    public synchronized void abstractChosen(ClassLoader loader, String className, String name, String described,
            String line) {
        abstractMethods.add(new AbstractMethod(new Method(loader, className, name), described, line));
    }

    /**
     * Says, at the JVM's exit, what the configuration did not do.
     *
     * @param log where it is said
     */
    public void reportAtExit(AgentLog log) {
        String verb = dryRun ? "would have woven" : "wove";
        for (UnitRule rule : configuration.units()) {
            if (wovenLines.contains(rule.where())) {
                continue;
            }
            Set<String> classes = matchedClasses.get(rule.where());
            String line = rule.where() + " (unit " + rule.classes() + " " + rule.methods() + ")";
            log.warnOnce(line, classes == null
                    ? line + " " + verb + " nothing: no class loaded in this run matches " + rule.classes()
                    + ". Check the class pattern: * stays within one package or class name, ** crosses packages,"
                    + " nested classes are written Outer$Inner."
                    : line + " " + verb + " nothing: it matched " + describe(classes) + " method it could weave"
                    + " matching " + rule.methods() + " (private, abstract, native and bridge"
                    + " methods, constructors and lambda bodies are never woven).");
        }
        for (DataSourceRule rule : configuration.dataSources()) {
            if (!loadedDataSources.contains(rule.where())) {
                log.warnOnce(rule.where(), rule.where() + " (datasource " + rule.databaseName() + " " + rule.className()
                        + ") adopted nothing: no class of that name was loaded in this run. Check the name; units on"
                        + " database '" + rule.databaseName() + "' could not begin.");
            }
        }
        for (DriverManagerRule rule : configuration.driverManagers()) {
            if (!dryRun && !AdoptedDriverManager.called(rule)) {
                log.warnOnce(rule.where(), rule.where() + " (drivermanager " + rule.databaseName() + " " + rule.url()
                        + ") adopted nothing: no woven class asked DriverManager for a connection to such a URL in this"
                        + " run. Check the URL against the one the application passes.");
            }
        }
        List<AbstractMethod> chosen;
        synchronized (this) {
            chosen = List.copyOf(abstractMethods);
        }
        for (AbstractMethod method : chosen) {
            if (!implemented(method.method())) {
                log.report("skipped " + method.described() + ": it is abstract, and no class that"
                        + " implements it was woven in this run; " + (method.line() == null
                        ? "annotate the methods that implement it" : "make " + method.line() + " match the classes"
                        + " that implement it"));
            }
        }
    }

    private static String describe(Set<String> classes) {
        List<String> names = new ArrayList<>(classes);
        return names.size() == 1 ? "class " + names.get(0) + ", which declares no" : names.size() + " classes ("
                + String.join(", ", names.subList(0, Math.min(3, names.size()))) + (names.size() > 3 ? ", …" : "")
                + "), none of which declares a";
    }

    /**
     * Whether a woven method of a subtype has the abstract method's name: its descriptor may differ,
     * where the implementation narrows a generic parameter and a bridge method stands between.
     */
    private synchronized boolean implemented(Method abstractMethod) {
        if (abstractMethod.loader().get() == null) {
            return true; // its class was unloaded with its loader (an undeployed webapp): nothing left to say
        }
        Class<?> declaring = load(abstractMethod.loader(), abstractMethod.className());
        for (Method woven : wovenMethods) {
            if (woven.name().equals(abstractMethod.name())) {
                Class<?> implementing = load(woven.loader(), woven.className());
                if (declaring != null && implementing != null && declaring.isAssignableFrom(implementing)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The class, which its loader has loaded by now; null if it cannot. */
    private static Class<?> load(WeakReference<ClassLoader> loaderReference, String className) {
        ClassLoader loader = loaderReference.get();
        if (loader == null) {
            return null; // collected, with its classes
        }
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
