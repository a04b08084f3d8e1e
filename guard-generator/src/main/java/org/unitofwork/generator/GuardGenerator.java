package org.unitofwork.generator;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Writes the runtime's JDBC guards. For every interface {@code I} that {@code @GenerateGuards} names
 * on a hand-written class {@code C}, it writes {@code final class Guarded<I> extends C implements I}
 * holding every method of {@code I} (defaults included) that {@code C} does not implement, each
 * written by the first rule that covers it:
 *
 * <ol>
 *   <li>every method first calls {@code unit.checkUsable(this)}, then calls the driver inside
 *       {@code try}; a {@code Throwable} that is not an {@code Exception} sets {@code unit.poisoned}
 *       by a plain field write and is rethrown unchanged;</li>
 *   <li>{@code unwrap} and {@code isWrapperFor} go through {@code DriverExtension};</li>
 *   <li>the {@code execute*} methods of statements call {@code unit.beforeExecute(delegate,
 *       queryTimeout)} first (S16), and an exception they throw sets {@code unit.statementFailed};
 *       when {@code beforeExecute} returns a start time (a unit with a hold budget), they hand it to
 *       {@code unit.afterExecute} once the driver returned or threw an exception;</li>
 *   <li>the connection's setters of settings a pool may not reset call {@code unit.beforeSettingChange()}
 *       first, so that the unit can put them back;</li>
 *   <li>arguments of the JDBC types a guard stands for, and {@code Object} arguments, pass through
 *       {@code arg(...)}, which hands the driver its own object back;</li>
 *   <li>results: values (primitives, strings, numbers, dates, warnings, row ids, savepoints, maps)
 *       are returned as they are; JDBC objects and streams through {@code wrap(...)};
 *       {@code Object} through {@code wrapObject}, {@code Object[]} through {@code wrapAll}, an XML
 *       {@code Source} or {@code Result} through {@code wrapXml};</li>
 *   <li>{@code close} and {@code isClosed} of statements and result sets, after the unit ended on its
 *       thread, answer without the driver: the unit's end closed them;</li>
 *   <li>back-links ({@code getConnection}, {@code getStatement}) must be hand-written.</li>
 * </ol>
 *
 * A stream class ({@code InputStream}, {@code Reader}…) gets {@code final class Guarded<S> extends S}
 * holding the unit itself, with every public method overridden by the same rules.
 *
 * A method that no rule covers (a new JDK's method returning a new type, say) fails the build, naming
 * it. The rules read the interfaces through {@code javax.lang.model}, so they follow the
 * {@code --release} the runtime compiles for.
 */
@SupportedAnnotationTypes(GuardGenerator.ANNOTATION)
public final class GuardGenerator extends AbstractProcessor {
    static final String ANNOTATION = "org.unitofwork.GenerateGuards";

    /** Result types handed out as they are: they hold no live connection. */
    private static final Set<String> VALUES = Set.of("java.lang.String", "java.math.BigDecimal", "java.net.URL",
            "java.sql.Date", "java.sql.Time", "java.sql.Timestamp", "java.sql.SQLWarning", "java.sql.RowId",
            "java.sql.Savepoint", "java.sql.RowIdLifetime", "java.util.Map", "java.util.Properties");
    /** JDBC types a driver may back with its live connection: guarded when handed out. */
    private static final Set<String> JDBC_OBJECTS = Set.of("java.sql.ResultSet", "java.sql.Statement",
            "java.sql.PreparedStatement", "java.sql.CallableStatement", "java.sql.DatabaseMetaData",
            "java.sql.ResultSetMetaData", "java.sql.ParameterMetaData", "java.sql.Array", "java.sql.Blob",
            "java.sql.Clob", "java.sql.NClob", "java.sql.SQLXML", "java.sql.Ref", "java.sql.Struct");
    /** Streams a driver may read from or write to its live connection (a large object's, say). */
    private static final Set<String> STREAMS = Set.of("java.io.InputStream", "java.io.OutputStream", "java.io.Reader",
            "java.io.Writer");
    /**
     * The bounds of the type variables of {@code SQLXML.getSource} and {@code setResult}: handed out
     * through {@code wrapXml}, which guards the streams inside a stream source or result.
     */
    private static final Set<String> XML_VALUES = Set.of("javax.xml.transform.Source", "javax.xml.transform.Result");

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement annotation = processingEnv.getElementUtils().getTypeElement(ANNOTATION);
        if (annotation == null) {
            return false;
        }
        for (Element element : round.getElementsAnnotatedWith(annotation)) {
            TypeElement base = (TypeElement) element;
            for (TypeElement iface : interfacesNamed(base, annotation)) {
                try {
                    guard(base, iface).writeTo(processingEnv.getFiler());
                } catch (NoRule e) {
                    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, e.getMessage(), base);
                } catch (IOException e) {
                    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                            "could not write the guard of " + iface + ": " + e, base);
                }
            }
        }
        return true;
    }

    private List<TypeElement> interfacesNamed(TypeElement base, TypeElement annotation) {
        List<TypeElement> interfaces = new ArrayList<>();
        for (AnnotationMirror mirror : base.getAnnotationMirrors()) {
            if (mirror.getAnnotationType().asElement().equals(annotation)) {
                for (AnnotationValue value : mirror.getElementValues().values()) {
                    for (Object item : (List<?>) value.getValue()) {
                        TypeMirror type = (TypeMirror) ((AnnotationValue) item).getValue();
                        interfaces.add((TypeElement) processingEnv.getTypeUtils().asElement(type));
                    }
                }
            }
        }
        return interfaces;
    }

    private JavaFile guard(TypeElement base, TypeElement iface) throws NoRule {
        String name = "Guarded" + iface.getSimpleName();
        TypeName ifaceType = TypeName.get(iface.asType());
        // a stream class cannot extend the base: it extends the stream and holds the unit itself
        boolean stream = iface.getKind() == ElementKind.CLASS;
        TypeSpec.Builder type = TypeSpec.classBuilder(name)
                .addOriginatingElement(base)
                .addJavadoc("The guard of {@code $L} that user code gets: see {@link $L} for the methods with"
                        + " behaviour.\nEvery other method checks that it runs on the unit's thread while the unit"
                        + " lives, then calls the driver.\nAn Error inside the driver (not an Exception) leaves the connection in"
                        + " an unknown state:\nit marks the unit poisoned by a plain field write, since on a stack"
                        + " overflow a call could overflow again,\nand is rethrown unchanged.\n",
                        iface.getQualifiedName(), base.getSimpleName())
                .addAnnotation(AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
                        .addMember("value", "$S", GuardGenerator.class.getName()).build())
                .addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
                        .addMember("value", "$S", "deprecation").build())
                .addModifiers(Modifier.FINAL);
        if (stream) {
            TypeName unit = ClassName.get(processingEnv.getElementUtils().getPackageOf(base).getQualifiedName()
                    .toString(), "Unit");
            type.superclass(ifaceType)
                    .addField(unit, "unit", Modifier.PRIVATE, Modifier.FINAL)
                    .addField(ifaceType, "delegate", Modifier.PRIVATE, Modifier.FINAL)
                    .addMethod(MethodSpec.constructorBuilder().addParameter(unit, "unit")
                            .addParameter(ifaceType, "delegate").addStatement("this.unit = unit")
                            .addStatement("this.delegate = delegate").build());
        } else {
            type.superclass(TypeName.get(base.asType()))
                    .addSuperinterface(ifaceType)
                    .addField(ifaceType, "delegate", Modifier.PRIVATE, Modifier.FINAL)
                    .addMethod(constructor(base, iface));
        }
        Set<String> handWritten = stream ? Set.of() : handWritten(base);
        boolean statement = isA(iface, "java.sql.Statement");
        boolean closesWithUnit = statement || isA(iface, "java.sql.ResultSet");
        for (ExecutableElement method : methodsOf(iface).values()) {
            if (!handWritten.contains(signature(method))) {
                type.addMethod(method(iface, method, statement, closesWithUnit));
            }
        }
        return JavaFile.builder(processingEnv.getElementUtils().getPackageOf(base).getQualifiedName().toString(),
                        type.build())
                .addFileComment("Written at build time by $L from the JDK's $L and the hand-written $L.\n"
                        + "Change the generator or $L, not this file.", GuardGenerator.class.getName(),
                        iface.getQualifiedName(), base.getSimpleName(), base.getSimpleName())
                .skipJavaLangImports(true)
                .build();
    }

    /** The base's constructor, with its {@code delegate} parameter narrowed to the interface. */
    private MethodSpec constructor(TypeElement base, TypeElement iface) throws NoRule {
        List<ExecutableElement> constructors = ElementFilter.constructorsIn(base.getEnclosedElements());
        if (constructors.size() != 1) {
            throw new NoRule(base + " must have exactly one constructor for its generated guards");
        }
        MethodSpec.Builder c = MethodSpec.constructorBuilder();
        List<String> names = new ArrayList<>();
        boolean found = false;
        for (VariableElement p : constructors.get(0).getParameters()) {
            String n = p.getSimpleName().toString();
            found |= n.equals("delegate");
            c.addParameter(n.equals("delegate") ? TypeName.get(iface.asType()) : TypeName.get(p.asType()), n);
            names.add(n);
        }
        if (!found) {
            throw new NoRule("the constructor of " + base + " must take the driver's object as a parameter named"
                    + " delegate");
        }
        return c.addStatement("super($L)", String.join(", ", names)).addStatement("this.delegate = delegate").build();
    }

    /** The interface's instance methods, its supertypes' and defaults included, by signature, sorted. */
    private Map<String, ExecutableElement> methodsOf(TypeElement iface) {
        Map<String, ExecutableElement> methods = new TreeMap<>();
        boolean stream = iface.getKind() == ElementKind.CLASS;
        for (ExecutableElement m : ElementFilter.methodsIn(processingEnv.getElementUtils().getAllMembers(iface))) {
            Set<Modifier> modifiers = m.getModifiers();
            boolean declaredByObject = m.getEnclosingElement().toString().equals("java.lang.Object");
            boolean member = stream ? modifiers.contains(Modifier.PUBLIC) && !modifiers.contains(Modifier.FINAL)
                    && !declaredByObject : m.getEnclosingElement().getKind() == ElementKind.INTERFACE;
            if (member && !modifiers.contains(Modifier.STATIC) && !modifiers.contains(Modifier.PRIVATE)) {
                // a class's method, covariant return and all, before the interface's it implements
                ExecutableElement earlier = methods.get(signature(m));
                if (earlier == null || earlier.getEnclosingElement().getKind() == ElementKind.INTERFACE) {
                    methods.put(signature(m), m);
                }
            }
        }
        return methods;
    }

    /** Signatures of the methods the base class and its superclasses implement. */
    private Set<String> handWritten(TypeElement base) {
        Set<String> implemented = new java.util.HashSet<>();
        for (TypeElement c = base; c != null; c = superclass(c)) {
            for (ExecutableElement m : ElementFilter.methodsIn(c.getEnclosedElements())) {
                if (!m.getModifiers().contains(Modifier.ABSTRACT)) {
                    implemented.add(signature(m));
                }
            }
        }
        return implemented;
    }

    private TypeElement superclass(TypeElement c) {
        TypeMirror s = c.getSuperclass();
        return s.getKind() == TypeKind.DECLARED && !s.toString().equals("java.lang.Object")
                ? (TypeElement) processingEnv.getTypeUtils().asElement(s) : null;
    }

    private String signature(ExecutableElement m) {
        return m.getSimpleName() + m.getParameters().stream()
                .map(p -> processingEnv.getTypeUtils().erasure(p.asType()).toString())
                .collect(Collectors.joining(",", "(", ")"));
    }

    /**
     * The connection's settings user code may change and a pool that does not reset them would lend on
     * changed: the unit notes them first, to put them back.
     */
    private static final Set<String> CONNECTION_SETTINGS = Set.of("setTransactionIsolation", "setSchema", "setCatalog",
            "setHoldability", "setNetworkTimeout");

    private MethodSpec method(TypeElement iface, ExecutableElement m, boolean statement, boolean closesWithUnit)
            throws NoRule {
        String name = m.getSimpleName().toString();
        String where = iface.getQualifiedName() + "." + signature(m);
        MethodSpec.Builder b = overriding(iface, m);
        if (processingEnv.getElementUtils().isDeprecated(m)) {
            b.addAnnotation(Deprecated.class);
        }
        TypeMirror result = m.getReturnType();
        if (name.equals("getConnection") || name.equals("getStatement")) {
            throw new NoRule(where + " is a back-link: write it by hand in the guard's base class, returning the"
                    + " guarded object");
        }
        List<String> args = new ArrayList<>();
        for (VariableElement p : m.getParameters()) {
            String type = processingEnv.getTypeUtils().erasure(p.asType()).toString();
            boolean driverObject = JDBC_OBJECTS.contains(type) || type.equals("java.lang.Object");
            args.add(driverObject ? "arg(" + p.getSimpleName() + ")" : p.getSimpleName().toString());
        }
        String call = "delegate." + name + "(" + String.join(", ", args) + ")";
        CodeBlock.Builder body = CodeBlock.builder();
        if (closesWithUnit && (name.equals("close") || name.equals("isClosed"))) {
            // the unit's end closed it: answered without the driver, whose connection may be lent on by now
            body.beginControlFlow("if (closedWithUnit())").addStatement(name.equals("close") ? "return" : "return true")
                    .endControlFlow();
        } else {
            body.addStatement("unit.checkUsable(this)");
        }
        boolean execute = statement && name.startsWith("execute");
        if (execute) {
            body.addStatement("long executing = 0L");
        }
        body.beginControlFlow("try");
        if (execute) {
            body.addStatement("executing = unit.beforeExecute(delegate, queryTimeout)");
        }
        if (iface.getQualifiedName().contentEquals("java.sql.Connection") && CONNECTION_SETTINGS.contains(name)) {
            body.addStatement("unit.beforeSettingChange()");
        }
        if (m.getEnclosingElement().toString().equals("java.sql.Wrapper")) {
            body.addStatement("return DriverExtension.$L(unit, this, delegate, $L)", name,
                    m.getParameters().get(0).getSimpleName());
        } else if (execute) {
            // the statement's time counts against a hold budget; a unit without one gets 0 and skips it
            if (result.getKind() == TypeKind.VOID) {
                body.addStatement(call);
            } else {
                body.addStatement("$T executed = $L", TypeName.get(result), call);
            }
            body.beginControlFlow("if (executing != 0L)").addStatement("unit.afterExecute(executing)")
                    .addStatement("executing = 0L").endControlFlow();
            if (result.getKind() != TypeKind.VOID) {
                body.addStatement("return " + result(where, m, result, "executed"));
            }
        } else if (result.getKind() == TypeKind.VOID) {
            body.addStatement(call);
        } else if (processingEnv.getTypeUtils().isSameType(processingEnv.getTypeUtils().erasure(result),
                processingEnv.getTypeUtils().erasure(iface.asType()))) {
            // a writer's append returns the writer: this one, not the driver's
            body.addStatement(call).addStatement("return this");
        } else {
            body.addStatement("return " + result(where, m, result, call));
        }
        body.nextControlFlow("catch (Throwable t)")
                .beginControlFlow("if (!(t instanceof Exception))")
                .addStatement("unit.poisoned = true");
        if (execute) {
            // PostgreSQL aborts the whole transaction when a statement fails: the unit checks at its end
            body.nextControlFlow("else").addStatement("unit.statementFailed = true")
                    .beginControlFlow("if (executing != 0L)").addStatement("unit.afterExecute(executing)")
                    .endControlFlow();
        }
        body.endControlFlow()
                .addStatement("throw t")
                .endControlFlow();
        return b.addCode(body.build()).build();
    }

    /**
     * The method's signature as a member of {@code iface}, public, without the modifiers of its
     * declaration: an override of a {@code synchronized} stream method must not lock (S21).
     */
    private MethodSpec.Builder overriding(TypeElement iface, ExecutableElement m) {
        ExecutableType type = (ExecutableType) processingEnv.getTypeUtils().asMemberOf((DeclaredType) iface.asType(), m);
        MethodSpec.Builder b = MethodSpec.methodBuilder(m.getSimpleName().toString()).addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(TypeName.get(type.getReturnType())).varargs(m.isVarArgs());
        for (TypeParameterElement variable : m.getTypeParameters()) {
            b.addTypeVariable(TypeVariableName.get((TypeVariable) variable.asType()));
        }
        for (int i = 0; i < m.getParameters().size(); i++) {
            b.addParameter(TypeName.get(type.getParameterTypes().get(i)), m.getParameters().get(i).getSimpleName().toString());
        }
        for (TypeMirror thrown : type.getThrownTypes()) {
            b.addException(TypeName.get(thrown));
        }
        return b;
    }

    /** The expression that returns {@code call}'s result as user code may have it. */
    private String result(String where, ExecutableElement m, TypeMirror result, String call) throws NoRule {
        if (result.getKind().isPrimitive()) {
            return call;
        }
        if (result.getKind() == TypeKind.ARRAY) {
            TypeMirror component = ((ArrayType) result).getComponentType();
            if (component.getKind().isPrimitive()) {
                return call;
            }
            if (component.toString().equals("java.lang.Object")) {
                return "wrapAll(" + call + ")";
            }
        } else if (result.getKind() == TypeKind.TYPEVAR) {
            String bound = processingEnv.getTypeUtils().erasure(((TypeVariable) result).getUpperBound()).toString();
            if (XML_VALUES.contains(bound)) {
                // a stream source or result may read or write through the live connection: its stream is guarded
                return "wrapXml(" + call + ")";
            }
            for (VariableElement p : m.getParameters()) {
                if (m.getSimpleName().contentEquals("getObject")
                        && processingEnv.getTypeUtils().erasure(p.asType()).toString().equals("java.lang.Class")) {
                    return p.getSimpleName() + ".cast(wrapObject(" + call + "))";
                }
            }
        } else if (result.getKind() == TypeKind.DECLARED) {
            String type = processingEnv.getTypeUtils().erasure(result).toString();
            if (VALUES.contains(type)) {
                return call;
            }
            if (JDBC_OBJECTS.contains(type) || STREAMS.contains(type)) {
                return "wrap(" + call + ")";
            }
            if (type.equals("java.lang.Object")) {
                return "wrapObject(" + call + ")";
            }
        }
        throw new NoRule("no rule of " + GuardGenerator.class.getName() + " covers " + where + ", which returns "
                + result + ": say in the generator whether that type is a value or something to guard, or write"
                + " the method by hand in the guard's base class");
    }

    private boolean isA(TypeElement type, String name) {
        TypeElement other = processingEnv.getElementUtils().getTypeElement(name);
        return processingEnv.getTypeUtils().isAssignable(type.asType(), other.asType());
    }

    /** A method no rule covers: the build fails, naming it. */
    private static final class NoRule extends Exception {
        private static final long serialVersionUID = 1L;

        NoRule(String message) {
            super(message);
        }
    }
}
