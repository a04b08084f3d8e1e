package org.unitofwork.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.unitofwork.UnitOfWork;
import org.unitofwork.conventions.InjectedKind;
import org.unitofwork.conventions.Injection;
import org.unitofwork.conventions.ObjectMethods;
import org.unitofwork.conventions.ParameterShape;

/**
 * Checks a type that carries {@code @UnitOfWork} (on itself or on its methods) and turns it into a
 * {@link WrapperModel}. Every misuse is reported as an error on the element it concerns, with what to
 * do about it; nothing is skipped silently.
 *
 * <p>Which methods are wrapped: every method of the type with its own {@code @UnitOfWork}, and, when
 * the type itself is annotated, every other public method written in its source, except the overrides
 * of {@code equals}, {@code hashCode} and {@code toString} of {@link Object}, which are never units of
 * work. Methods the language declares implicitly (an enum's {@code values()}, a record's accessors
 * that are not written out) are not wrapped.
 *
 * <p>Which parameters are injected, and which declarations are refused, is the rule the agent applies
 * too ({@link Injection}): one parameter whose type is exactly {@code org.unitofwork.Session}, exactly
 * {@code java.sql.Connection}, or exactly the type of a session kind that an integration module on the
 * class path marks (see {@link MarkedSessionKinds}); each problem it finds is an error on its parameter.
 */
final class WrapperValidator {
    private static final String ANNOTATION = UnitOfWork.class.getName();

    private final Elements elements;
    private final Types types;
    private final Reporter reporter;
    private final MarkedSessionKinds sessionKinds;

    WrapperValidator(Elements elements, Types types, Reporter reporter, MarkedSessionKinds sessionKinds) {
        this.elements = elements;
        this.types = types;
        this.reporter = reporter;
        this.sessionKinds = sessionKinds;
    }

    /**
     * @param type a type with {@code @UnitOfWork} on itself or its methods
     * @return whether a type the wrapper copies is not resolved yet, so that the type is to be
     *     validated in a later round, once another processor may have generated it
     */
    boolean waitsForTypes(TypeElement type) {
        if (UnresolvedTypes.in(type) || annotation(type).map(a -> BoundaryAttributes.of(a).hasUnresolvedTypes()).orElse(false)) {
            return true;
        }
        for (Candidate candidate : candidates(type)) {
            if (UnresolvedTypes.in(candidate.method()) || candidate.attributes().hasUnresolvedTypes()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Validates {@code type}, reporting every error found.
     *
     * @param type a type with {@code @UnitOfWork} on itself or its methods, with all types resolved
     * @return its wrapper's model, or empty when an error was reported
     */
    Optional<WrapperModel> validate(TypeElement type) {
        if (!isWrappable(type)) {
            return Optional.empty();
        }
        boolean valid = true;
        Optional<AnnotationMirror> typeAnnotation = annotation(type);
        if (typeAnnotation.isPresent()) {
            String contradiction = BoundaryAttributes.of(typeAnnotation.get()).contradiction(Naming.typeLabel(type), types);
            if (contradiction != null) {
                reporter.error(type, typeAnnotation.get(), contradiction);
                valid = false;
            }
        }
        List<Candidate> candidates = candidates(type);
        if (candidates.isEmpty()) {
            reporter.error(type, typeAnnotation.orElseThrow(), "@UnitOfWork on " + Naming.typeLabel(type) + " applies to"
                    + " its public methods, but it declares none (equals, hashCode and toString do not count): make"
                    + " the methods that are units of work public, or annotate them one by one");
            return Optional.empty();
        }

        ClassName wrapperName = Naming.wrapperName(type, elements.getPackageOf(type));
        List<String> boundaryNames = Naming.boundaryNames(type, candidates.stream().map(Candidate::method).toList(), types);
        Set<String> constantNames = new HashSet<>();
        Map<String, ExecutableElement> wrapperSignatures = new HashMap<>();
        List<WrappedMethod> wrapped = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate candidate = candidates.get(i);
            ExecutableElement method = candidate.method();
            String boundaryName = boundaryNames.get(i);
            valid &= checkCallable(type, candidate, boundaryName, wrapperName);
            if (candidate.ownAnnotation()) {
                String contradiction = candidate.attributes().contradiction(boundaryName, types);
                if (contradiction != null) {
                    reporter.error(method, candidate.attributes().annotation(), contradiction);
                    valid = false;
                }
            }
            Optional<WrappedMethod> wrappedMethod = withInjection(method, boundaryName, candidate.attributes(), constantNames);
            if (wrappedMethod.isEmpty()) {
                valid = false;
                continue;
            }
            String signature = wrapperSignature(method, wrappedMethod.get().injectedIndex());
            ExecutableElement clashing = wrapperSignatures.putIfAbsent(signature, method);
            if (clashing != null) {
                reporter.error(method, "The wrapper method of " + boundaryName + " would have the same signature as that"
                        + " of " + Naming.boundaryName(type, clashing, types) + " once the injected parameter is"
                        + " removed: " + signature + ". Rename one of the two methods");
                valid = false;
            }
            wrapped.add(wrappedMethod.get());
        }
        if (!valid) {
            return Optional.empty();
        }
        List<DeclaredType> interfaces = new ArrayList<>();
        List<DelegatedMethod> delegated = new ArrayList<>();
        standInInterfaces(type, wrapped, wrapperSignatures.keySet(), interfaces, delegated);
        return Optional.of(new WrapperModel(type, wrapperName, List.copyOf(wrapped), List.copyOf(interfaces),
                List.copyOf(delegated)));
    }

    /** A method to wrap with the annotation that applies to it. */
    private record Candidate(ExecutableElement method, BoundaryAttributes attributes, boolean ownAnnotation) {
    }

    private List<Candidate> candidates(TypeElement type) {
        Optional<BoundaryAttributes> typeAttributes = annotation(type).map(BoundaryAttributes::of);
        List<Candidate> candidates = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            Optional<AnnotationMirror> own = annotation(method);
            if (own.isPresent()) {
                candidates.add(new Candidate(method, BoundaryAttributes.of(own.get()), true));
            } else if (typeAttributes.isPresent() && method.getModifiers().contains(Modifier.PUBLIC)
                    && !isImplicit(type, method) && !overridesObjectMethod(method)) {
                candidates.add(new Candidate(method, typeAttributes.get(), false));
            }
        }
        return candidates;
    }

    /** A wrapper is a top-level class of the same package: it must be able to name the type. */
    private boolean isWrappable(TypeElement type) {
        if (type.getKind() == ElementKind.ANNOTATION_TYPE) {
            reporter.error(type, "@UnitOfWork cannot apply to the annotation type " + Naming.typeLabel(type)
                    + ": its methods are attributes, not code to run. Remove @UnitOfWork from it");
            return false;
        }
        for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
            if (t.getModifiers().contains(Modifier.PRIVATE)) {
                reporter.error(type, (t == type ? "" : Naming.typeLabel(type) + " is inside ") + Naming.typeLabel(t)
                        + ", which is private, so the generated wrapper " + Naming.wrapperName(type, elements.getPackageOf(type))
                        + " cannot reach it: make " + Naming.typeLabel(t) + " package-private, protected or public");
                return false;
            }
            if (t.getKind() == ElementKind.CLASS && t.getNestingKind() == NestingKind.MEMBER
                    && !t.getModifiers().contains(Modifier.STATIC)) {
                reporter.error(type, (t == type ? "" : Naming.typeLabel(type) + " is inside ") + Naming.typeLabel(t)
                        + ", which is an inner class: its instances belong to an instance of "
                        + Naming.typeLabel((TypeElement) t.getEnclosingElement()) + ", and no wrapper is generated for"
                        + " such classes. Declare " + Naming.typeLabel(t) + " static, or move it to the top level");
                return false;
            }
        }
        return true;
    }

    /** The wrapper must be able to call the method, and the method must have code to run. */
    private boolean checkCallable(TypeElement type, Candidate candidate, String boundaryName, ClassName wrapperName) {
        ExecutableElement method = candidate.method();
        if (method.getModifiers().contains(Modifier.PRIVATE)) {
            reporter.error(method, "@UnitOfWork method " + boundaryName + " is private, so its generated wrapper "
                    + wrapperName.simpleName() + " cannot call it: make it package-private, protected or public, or"
                    + " remove @UnitOfWork");
            return false;
        }
        if (method.getModifiers().contains(Modifier.ABSTRACT) && !type.getKind().isInterface()) {
            reporter.error(method, "@UnitOfWork method " + boundaryName + " is abstract in class " + Naming.typeLabel(type)
                    + (candidate.ownAnnotation() ? "" : " (the annotation on the class applies to it)")
                    + ": put @UnitOfWork on the method that implements it in a concrete class, or declare the method"
                    + " in an interface, whose wrapper delegates to any implementation");
            return false;
        }
        return true;
    }

    /**
     * Finds the parameter to inject and reports parameters that look injected but are not.
     *
     * @return the method to wrap, or empty when an error was reported
     */
    private Optional<WrappedMethod> withInjection(
            ExecutableElement method, String boundaryName, BoundaryAttributes attributes, Set<String> constantNames) {
        List<? extends VariableElement> parameters = method.getParameters();
        Injection injection = Injection.of(boundaryName, parameters.stream().map(this::shape).toList());
        for (Injection.Problem problem : injection.problems()) {
            reporter.error(parameters.get(problem.parameter()), problem.message());
        }
        if (!injection.problems().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WrappedMethod(method, boundaryName, Naming.constantName(method, constantNames), attributes,
                injection.index(), injection.kind()));
    }

    /** The parameter as the injection rule sees it. */
    private ParameterShape shape(VariableElement parameter) {
        TypeMirror type = parameter.asType();
        ParameterShape.Form form = switch (type.getKind()) {
            case DECLARED -> ((DeclaredType) type).getTypeArguments().isEmpty() ? ParameterShape.Form.PLAIN
                    : ParameterShape.Form.PARAMETERIZED;
            case TYPEVAR -> ParameterShape.Form.TYPE_VARIABLE;
            default -> ParameterShape.Form.PLAIN;
        };
        boolean sessionKind = type.getKind() == TypeKind.DECLARED
                && sessionKinds.isMarked((TypeElement) ((DeclaredType) type).asElement());
        TypeElement connection = elements.getTypeElement(InjectedKind.CONNECTION_TYPE);
        boolean connectionSubtype = connection != null && (type.getKind() == TypeKind.DECLARED || type.getKind() == TypeKind.TYPEVAR)
                && types.isSubtype(type, connection.asType());
        return new ParameterShape(parameter.getSimpleName().toString(), type.toString(),
                Naming.sourceName(types.erasure(type)), form, sessionKind, connectionSubtype);
    }

    /** The wrapper method's name and erased parameter types: what must be unique in the wrapper. */
    private String wrapperSignature(ExecutableElement method, int injectedIndex) {
        return signature(method.getSimpleName().toString(), method.getParameters().stream().map(Element::asType).toList(),
                injectedIndex);
    }

    private String signature(String name, List<? extends TypeMirror> parameterTypes, int skippedIndex) {
        StringJoiner signature = new StringJoiner(",", name + "(", ")");
        for (int i = 0; i < parameterTypes.size(); i++) {
            if (i != skippedIndex) {
                signature.add(types.erasure(parameterTypes.get(i)).toString());
            }
        }
        return signature.toString();
    }

    /**
     * Finds the interfaces the wrapper can implement in the type's place: those of the type (or the
     * type itself, when it is an interface) that declare a wrapped method, none of whose wrapped
     * methods has an injected parameter, and that the wrapper can implement: not sealed, reachable
     * from the package, and without a method whose delegation would clash with a wrapper method.
     */
    private void standInInterfaces(TypeElement type, List<WrappedMethod> wrapped, Set<String> wrapperSignatures,
            List<DeclaredType> interfaces, List<DelegatedMethod> delegated) {
        List<TypeMirror> candidates = type.getKind().isInterface() ? List.of(type.asType()) : List.copyOf(type.getInterfaces());
        Set<String> delegatedSignatures = new HashSet<>();
        for (TypeMirror candidate : candidates) {
            DeclaredType declared = (DeclaredType) candidate;
            TypeElement element = (TypeElement) declared.asElement();
            if (element.getModifiers().contains(Modifier.SEALED) || !reachableFrom(element, elements.getPackageOf(type))) {
                continue;
            }
            boolean declaresWrapped = false;
            boolean declaresInjected = false;
            Map<String, DelegatedMethod> passed = new LinkedHashMap<>();
            for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(element))) {
                if (!method.getEnclosingElement().getKind().isInterface() || method.getModifiers().contains(Modifier.STATIC)
                        || method.getModifiers().contains(Modifier.PRIVATE)) {
                    continue;
                }
                WrappedMethod wrapping = wrapping(type, method, wrapped);
                if (wrapping != null) {
                    declaresWrapped = true;
                    declaresInjected |= wrapping.injects();
                    continue;
                }
                ExecutableType member = (ExecutableType) types.asMemberOf(declared, method);
                String signature = signature(method.getSimpleName().toString(), member.getParameterTypes(), -1);
                if (!delegatedSignatures.contains(signature)) {
                    passed.putIfAbsent(signature, new DelegatedMethod(method, declared));
                }
            }
            boolean clashes = passed.keySet().stream().anyMatch(wrapperSignatures::contains);
            if (declaresWrapped && !declaresInjected && !clashes) {
                interfaces.add(declared);
                delegated.addAll(passed.values());
                delegatedSignatures.addAll(passed.keySet());
            }
        }
    }

    /** The wrapped method that is or overrides {@code method} of an interface, or {@code null}. */
    private WrappedMethod wrapping(TypeElement type, ExecutableElement method, List<WrappedMethod> wrapped) {
        for (WrappedMethod w : wrapped) {
            if (w.method().equals(method) || elements.overrides(w.method(), method, type)) {
                return w;
            }
        }
        return null;
    }

    private boolean reachableFrom(TypeElement type, PackageElement from) {
        boolean samePackage = elements.getPackageOf(type).equals(from);
        for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
            if (t.getModifiers().contains(Modifier.PRIVATE) || (!samePackage && !t.getModifiers().contains(Modifier.PUBLIC))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the language declares {@code method} without source: javac does not report an enum's
     * {@code values()} and {@code valueOf(String)} as mandated, and an enum cannot declare them itself.
     */
    private boolean isImplicit(TypeElement type, ExecutableElement method) {
        if (elements.getOrigin(method) != Elements.Origin.EXPLICIT) {
            return true;
        }
        if (type.getKind() != ElementKind.ENUM || !method.getModifiers().contains(Modifier.STATIC)) {
            return false;
        }
        String name = method.getSimpleName().toString();
        List<? extends VariableElement> parameters = method.getParameters();
        return (name.equals("values") && parameters.isEmpty()) || (name.equals("valueOf") && parameters.size() == 1
                && types.isSameType(parameters.get(0).asType(), elements.getTypeElement(String.class.getName()).asType()));
    }

    private boolean overridesObjectMethod(ExecutableElement method) {
        return ObjectMethods.overridden(method.getSimpleName().toString(), Naming.shape(method, types).parameterTypes());
    }

    private Optional<AnnotationMirror> annotation(Element element) {
        for (AnnotationMirror annotation : element.getAnnotationMirrors()) {
            TypeElement annotationType = (TypeElement) annotation.getAnnotationType().asElement();
            if (annotationType.getQualifiedName().contentEquals(ANNOTATION)) {
                return Optional.of(annotation);
            }
        }
        return Optional.empty();
    }
}
