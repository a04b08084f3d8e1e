package org.unitofwork.agent.choose;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.jar.asm.Type;
import org.unitofwork.agent.config.ClassOutline;
import org.unitofwork.conventions.InjectedKind;
import org.unitofwork.conventions.Injection;
import org.unitofwork.conventions.ParameterShape;
import org.unitofwork.conventions.SessionKindMarkers;

/**
 * A woven method's parameters as the injection rule ({@link Injection}) sees them, which the processor
 * applies too, read from the class file: their names (as the class file records them, {@code arg0},
 * {@code arg1}… when it was compiled without {@code -parameters}), their types written as the compiler
 * writes them (from the generic signature), and whether an integration module on the class's class
 * path marks a type as a session kind's.
 */
final class ParameterShapes {
    private static final String CONNECTION = "java/sql/Connection";
    /**
     * Per class loader, whether each type asked about is marked. The woven methods of an application
     * ask about the same few types again and again, and each lookup of a resource searches the JDK's
     * modules before the class path. Weak keys: a web application's class loader is not kept.
     */
    private static final Map<ClassLoader, Map<String, Boolean>> MARKED = new WeakHashMap<>();
    /** Per class loader, whether each type asked about is a {@code Connection}, as {@link #MARKED}. */
    private static final Map<ClassLoader, Map<String, Boolean>> CONNECTIONS = new WeakHashMap<>();

    private ParameterShapes() {
    }

    /**
     * @param type the woven class
     * @param method a woven method
     * @param loader the loader of its class, whose class path holds the session-kind markers and the
     *     class files of its parameters' types
     */
    static List<ParameterShape> of(ClassModel type, ClassModel.Method method, ClassLoader loader) {
        Type[] erasures = Type.getArgumentTypes(method.descriptor());
        List<GenericParameters.Parameter> generic = GenericParameters.of(method.signature(), erasures.length, type);
        List<ParameterShape> shapes = new ArrayList<>();
        for (int i = 0; i < erasures.length; i++) {
            Type erasure = erasures[i];
            GenericParameters.Parameter declared = generic.get(i);
            ParameterShape.Form form = declared == null ? ParameterShape.Form.PLAIN : declared.form();
            boolean reference = erasure.getSort() == Type.OBJECT;
            String name = erasure.getClassName();
            boolean sessionKind = reference && form != ParameterShape.Form.TYPE_VARIABLE
                    && !name.equals(InjectedKind.SESSION_TYPE) && !name.equals(InjectedKind.CONNECTION_TYPE)
                    && isMarked(name, loader);
            String sourceName = type.sourceName(erasure);
            shapes.add(new ParameterShape(method.parameterName(i), declared == null ? sourceName : declared.written(),
                    sourceName, form, sessionKind, reference && isConnection(erasure.getInternalName(), loader)));
        }
        return shapes;
    }

    /** Whether an integration module declares the type a session kind, by its marker resource. */
    private static boolean isMarked(String binaryName, ClassLoader loader) {
        ClassLoader asked = loader != null ? loader : ClassLoader.getSystemClassLoader();
        Boolean known = known(MARKED, asked, binaryName);
        if (known != null) {
            return known;
        }
        return remember(MARKED, asked, binaryName, asked.getResource(SessionKindMarkers.resource(binaryName)) != null);
    }

    private static Boolean known(Map<ClassLoader, Map<String, Boolean>> cache, ClassLoader loader, String type) {
        synchronized (cache) {
            Map<String, Boolean> known = cache.get(loader);
            return known == null ? null : known.get(type);
        }
    }

    private static boolean remember(Map<ClassLoader, Map<String, Boolean>> cache, ClassLoader loader, String type,
            boolean found) {
        synchronized (cache) {
            Map<String, Boolean> known = cache.get(loader);
            if (known == null) {
                known = new HashMap<>();
                cache.put(loader, known);
            }
            known.put(type, found);
        }
        return found;
    }

    /**
     * Whether the type is {@code java.sql.Connection} or a subtype, by its class files. The JDK declares
     * no subtype of it, so the JDK's own types are not read.
     */
    private static boolean isConnection(String internalName, ClassLoader loader) {
        if (internalName.equals(CONNECTION)) {
            return true;
        }
        if (internalName.startsWith("java/") || internalName.startsWith("javax/")) {
            return false;
        }
        ClassLoader asked = loader != null ? loader : ClassLoader.getSystemClassLoader();
        Boolean known = known(CONNECTIONS, asked, internalName);
        if (known != null) {
            return known;
        }
        boolean connection;
        try {
            ClassOutline outline = ClassOutline.find(loader, internalName);
            connection = outline != null && outline.isSubtypeOf(internalName, CONNECTION, loader);
        } catch (IOException e) {
            connection = false; // a type whose class file cannot be read is not one the unit could supply either
        }
        return remember(CONNECTIONS, asked, internalName, connection);
    }
}
