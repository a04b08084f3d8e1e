package org.unitofwork.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.unitofwork.Boundary;
import org.unitofwork.Scope;

/**
 * Writes the wrapper of a validated type. The wrapper holds no transaction logic: each method begins
 * its boundary and runs the runtime's {@link Scope} protocol around one call of the wrapped method.
 * The output depends on the model only, so the same sources always give the same file.
 */
final class WrapperGenerator {
    private static final String GENERATED = "javax.annotation.processing.Generated";
    private static final String GENERATED_MODULE = "java.compiler";
    private static final ClassName BOUNDARY = ClassName.get(Boundary.class);
    private static final ClassName SCOPE = ClassName.get(Scope.class);
    private static final String DELEGATE = "delegate";

    private final Elements elements;
    private final Types types;
    private final String processorName;

    WrapperGenerator(Elements elements, Types types, String processorName) {
        this.elements = elements;
        this.types = types;
        this.processorName = processorName;
    }

    /**
     * @param model a type that passed validation
     * @return the wrapper's source file, with the type as its only originating element
     */
    JavaFile generate(WrapperModel model) {
        TypeElement type = model.type();
        TypeSpec.Builder wrapper = TypeSpec.classBuilder(model.wrapperName())
                .addOriginatingElement(type)
                .addJavadoc("Runs the {@code @UnitOfWork} methods of {@link $T} inside their boundaries, supplying the\n"
                        + "parameter their unit provides (its session, connection or session kind). Generated from {@code $L}; do not edit.\n",
                        ClassName.get(type), Naming.typeLabel(type));
        generatedAnnotation(type).ifPresent(wrapper::addAnnotation);
        if (elements.isDeprecated(type)) {
            wrapper.addAnnotation(Deprecated.class);
        }
        if (type.getModifiers().contains(Modifier.PUBLIC)) {
            wrapper.addModifiers(Modifier.PUBLIC);
        }
        wrapper.addModifiers(Modifier.FINAL);
        for (WrappedMethod method : model.methods()) {
            wrapper.addField(FieldSpec.builder(BOUNDARY, method.constantName(), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer(method.attributes().builderExpression(method.boundaryName()))
                    .build());
        }
        if (model.hasDelegate()) {
            addDelegate(wrapper, model);
        } else {
            wrapper.addMethod(MethodSpec.constructorBuilder()
                    .addModifiers(Modifier.PRIVATE)
                    .addComment("every method is static: nothing to instantiate")
                    .build());
        }
        for (WrappedMethod method : model.methods()) {
            wrapper.addMethod(wrapperMethod(model, method));
        }
        for (DelegatedMethod method : model.delegatedMethods()) {
            wrapper.addMethod(delegatingMethod(model.type(), method));
        }
        return JavaFile.builder(model.wrapperName().packageName(), wrapper.build())
                .indent("    ")
                .skipJavaLangImports(true)
                .build();
    }

    private void addDelegate(TypeSpec.Builder wrapper, WrapperModel model) {
        TypeElement type = model.type();
        for (TypeParameterElement parameter : type.getTypeParameters()) {
            wrapper.addTypeVariable(TypeVariableName.get(parameter));
        }
        for (DeclaredType implemented : model.interfaces()) {
            wrapper.addSuperinterface(TypeName.get(implemented));
        }
        TypeName delegateType = TypeName.get(type.asType());
        wrapper.addField(delegateType, DELEGATE, Modifier.PRIVATE, Modifier.FINAL);
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addJavadoc("@param $N the instance whose methods run inside the boundaries\n", DELEGATE)
                .addParameter(delegateType, DELEGATE)
                .addStatement("this.$N = $T.requireNonNull($N, $S)", DELEGATE, Objects.class, DELEGATE, DELEGATE);
        if (type.getModifiers().contains(Modifier.PUBLIC)) {
            constructor.addModifiers(Modifier.PUBLIC);
        }
        wrapper.addMethod(constructor.build());
    }

    private MethodSpec wrapperMethod(WrapperModel model, WrappedMethod wrapped) {
        ExecutableElement method = wrapped.method();
        boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
        MethodSpec.Builder spec = MethodSpec.methodBuilder(method.getSimpleName().toString())
                .addJavadoc("Calls {@code $L} inside its boundary.\n", wrapped.boundaryName());
        if (overridesImplementedInterface(model, method)) {
            spec.addAnnotation(Override.class);
        }
        if (elements.isDeprecated(method)) {
            spec.addAnnotation(Deprecated.class);
        }
        if (method.getModifiers().contains(Modifier.PUBLIC)) {
            spec.addModifiers(Modifier.PUBLIC);
        }
        if (isStatic) {
            spec.addModifiers(Modifier.STATIC);
        }
        if (hasAnnotation(method, SafeVarargs.class.getName())) {
            // @SafeVarargs needs a method that cannot be overridden; handing the array on is safe
            // because the method it goes to is @SafeVarargs itself
            spec.addAnnotation(SafeVarargs.class)
                    .addAnnotation(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "varargs").build());
            if (!isStatic) {
                spec.addModifiers(Modifier.FINAL);
            }
        }
        for (TypeParameterElement parameter : method.getTypeParameters()) {
            spec.addTypeVariable(TypeVariableName.get(parameter));
        }
        spec.returns(TypeName.get(method.getReturnType()));
        NameAllocator names = new NameAllocator();
        List<CodeBlock> arguments = new ArrayList<>();
        List<? extends VariableElement> parameters = method.getParameters();
        for (VariableElement parameter : parameters) {
            names.newName(parameter.getSimpleName().toString(), parameter);
        }
        String scope = names.newName("scope");
        String result = names.newName("result");
        String failure = names.newName("failure");
        for (int i = 0; i < parameters.size(); i++) {
            VariableElement parameter = parameters.get(i);
            if (i == wrapped.injectedIndex()) {
                arguments.add(supply(wrapped, scope));
            } else {
                spec.addParameter(ParameterSpec.builder(TypeName.get(parameter.asType()), names.get(parameter)).build());
                arguments.add(CodeBlock.of("$N", names.get(parameter)));
            }
        }
        spec.varargs(method.isVarArgs());
        for (TypeMirror thrown : method.getThrownTypes()) {
            spec.addException(TypeName.get(thrown));
        }
        CodeBlock call = CodeBlock.of("$L.$L$N($L)", isStatic ? CodeBlock.of("$T", ClassName.get(model.type())) : "this." + DELEGATE,
                typeArguments(method), method.getSimpleName().toString(), CodeBlock.join(arguments, ", "));
        spec.addStatement("$T $N = $N.begin()", SCOPE, scope, wrapped.constantName())
                .beginControlFlow("for (;;)")
                .beginControlFlow("try");
        if (method.getReturnType().getKind() == TypeKind.VOID) {
            spec.addStatement("$L", call)
                    .addStatement("$N.complete()", scope)
                    .addStatement("return");
        } else {
            spec.addStatement("$T $N = $L", TypeName.get(method.getReturnType()), result, call)
                    .addStatement("$N.complete()", scope)
                    .addStatement("return $N", result);
        }
        return spec.nextControlFlow("catch ($T $N)", Throwable.class, failure)
                .addComment("re-throws the failure itself, or returns the scope of the next attempt of a retry")
                .addStatement("$N = $N.failed($N)", scope, scope, failure)
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    /** The expression that supplies the injected parameter of {@code wrapped} from the wrapper's scope. */
    private static CodeBlock supply(WrappedMethod wrapped, String scope) {
        return switch (wrapped.injected()) {
            case SESSION -> CodeBlock.of("$N.session()", scope);
            case CONNECTION -> CodeBlock.of("$N.connection()", scope);
            case SESSION_KIND -> CodeBlock.of("$N.session().get($T.class)", scope,
                    TypeName.get(wrapped.method().getParameters().get(wrapped.injectedIndex()).asType()));
        };
    }

    private MethodSpec delegatingMethod(TypeElement type, DelegatedMethod delegated) {
        ExecutableElement method = delegated.method();
        MethodSpec overriding = MethodSpec.overriding(method, delegated.declaredIn(), types).build();
        MethodSpec.Builder spec = MethodSpec.methodBuilder(overriding.name())
                .addJavadoc("Passes the call to the delegate unchanged: the method carries no {@code @UnitOfWork}.\n")
                .addAnnotations(overriding.annotations())
                .addModifiers(overriding.modifiers())
                .addTypeVariables(overriding.typeVariables())
                .returns(overriding.returnType())
                .addExceptions(overriding.exceptions());
        List<String> names = delegatedParameterNames(type, method);
        List<CodeBlock> arguments = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            ParameterSpec parameter = overriding.parameters().get(i);
            spec.addParameter(ParameterSpec.builder(parameter.type(), names.get(i))
                    .addModifiers(parameter.modifiers())
                    .addAnnotations(parameter.annotations())
                    .build());
            arguments.add(CodeBlock.of("$N", names.get(i)));
        }
        spec.varargs(overriding.varargs());
        CodeBlock call = CodeBlock.of("this.$N.$L$N($L)", DELEGATE, typeArguments(method), method.getSimpleName().toString(),
                CodeBlock.join(arguments, ", "));
        if (method.getReturnType().getKind() == TypeKind.VOID) {
            spec.addStatement("$L", call);
        } else {
            spec.addStatement("return $L", call);
        }
        return spec.build();
    }

    /**
     * The parameter names of a delegated method: those of the wrapped type's own declaration of it, or
     * {@code arg0}, {@code arg1}… when the type inherits it. The wrapped type is always compiled from
     * source with its wrapper; the interface or superclass that declares an inherited method may be read
     * from a class file, where its names are {@code arg0}… unless it was compiled with {@code -parameters}.
     * Names from there would make the wrapper differ between a full build and an incremental one, which
     * recompiles the wrapped type alone (Gradle's isolating processing).
     */
    private List<String> delegatedParameterNames(TypeElement type, ExecutableElement method) {
        ExecutableElement own = null;
        for (ExecutableElement declared : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (declared.equals(method) || elements.overrides(declared, method, type)) {
                own = declared;
                break;
            }
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < method.getParameters().size(); i++) {
            names.add(own == null ? "arg" + i : own.getParameters().get(i).getSimpleName().toString());
        }
        return names;
    }

    /** Explicit type arguments, so that the call means the same method whatever inference would pick. */
    private static CodeBlock typeArguments(ExecutableElement method) {
        if (method.getTypeParameters().isEmpty()) {
            return CodeBlock.of("");
        }
        List<CodeBlock> variables = new ArrayList<>();
        for (TypeParameterElement parameter : method.getTypeParameters()) {
            variables.add(CodeBlock.of("$L", parameter.getSimpleName()));
        }
        return CodeBlock.of("<$L>", CodeBlock.join(variables, ", "));
    }

    private boolean overridesImplementedInterface(WrapperModel model, ExecutableElement method) {
        if (method.getModifiers().contains(Modifier.STATIC)) {
            return false;
        }
        for (DeclaredType implemented : model.interfaces()) {
            TypeElement element = (TypeElement) implemented.asElement();
            for (ExecutableElement member : ElementFilter.methodsIn(elements.getAllMembers(element))) {
                if (member.getEnclosingElement().getKind().isInterface()
                        && (member.equals(method) || elements.overrides(method, member, model.type()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@code @javax.annotation.processing.Generated}, when the code being compiled can see it: it is
     * absent before Java 9, and a named module sees it only when it requires {@code java.compiler}.
     */
    private Optional<AnnotationSpec> generatedAnnotation(TypeElement type) {
        if (elements.getTypeElement(GENERATED) == null) {
            return Optional.empty();
        }
        ModuleElement module = elements.getModuleOf(type);
        if (module != null && !module.isUnnamed() && !requires(module, GENERATED_MODULE)) {
            return Optional.empty();
        }
        return Optional.of(AnnotationSpec.builder(ClassName.bestGuess(GENERATED))
                .addMember("value", "$S", processorName)
                .build());
    }

    private static boolean requires(ModuleElement module, String name) {
        for (ModuleElement.RequiresDirective requires : ElementFilter.requiresIn(module.getDirectives())) {
            if (requires.getDependency().getQualifiedName().contentEquals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasAnnotation(Element element, String annotationName) {
        return element.getAnnotationMirrors().stream()
                .anyMatch(a -> ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(annotationName));
    }
}
