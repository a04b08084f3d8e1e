package org.unitofwork.test;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;
import org.unitofwork.Database;
import org.unitofwork.DatabaseConfigurationException;
import org.unitofwork.Session;
import org.unitofwork.spi.HostUnit;

/**
 * What {@link UnitOfWorkTest} does: a {@link HostUnit} opened before each test's {@code @BeforeEach}
 * methods and ended after its {@code @AfterEach} methods, on the test's thread.
 */
final class UnitOfWorkTestExtension
        implements BeforeEachCallback, AfterEachCallback, InvocationInterceptor, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(UnitOfWorkTestExtension.class);
    private static final String PARALLEL = "junit.jupiter.execution.parallel.enabled";

    @Override
    public void beforeEach(ExtensionContext context) {
        Database database = database(context);
        HostUnit host = HostUnit.open(database, testName(context));
        context.getStore(NAMESPACE).put(Running.class, new Running(database, host, Thread.currentThread()));
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        onTheTestsThread(invocation, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        onTheTestsThread(invocation, context);
    }

    /** The code under test must run where the test's unit is: elsewhere its units would commit for real. */
    private static void onTheTestsThread(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        Running running = context.getStore(NAMESPACE).get(Running.class, Running.class);
        if (running != null && running.thread != Thread.currentThread()) {
            invocation.skip();
            throw new ExtensionConfigurationException(testName(context) + " runs on thread '"
                    + Thread.currentThread().getName() + "', but its unit of work is open on thread '"
                    + running.thread.getName() + "', where @BeforeEach ran: its units would commit for real there."
                    + " Run it on the thread of its lifecycle methods, for example with @Timeout(threadMode ="
                    + " SAME_THREAD) rather than SEPARATE_THREAD.");
        }
        invocation.proceed();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Running running = context.getStore(NAMESPACE).remove(Running.class, Running.class);
        if (running == null) {
            return; // beforeEach failed: there is nothing to end
        }
        List<String> leaks = new ArrayList<>(running.host.end());
        boolean parallel = context.getConfigurationParameter(PARALLEL).map(Boolean::parseBoolean).orElse(false);
        if (!parallel) { // in parallel, the other tests' connections are borrowed too
            int borrowed = running.database.activeConnections();
            if (borrowed > 0) {
                leaks.add(borrowed + " connection(s) of database '" + running.database.name() + "' were still borrowed"
                        + " after the test, which rolled back and gave its own back: a thread the test started still"
                        + " runs a unit, or code took a connection from dataSource() outside any unit and did not"
                        + " close it.");
            }
        }
        if (!leaks.isEmpty()) {
            throw new AssertionFailedError(testName(context) + " left something behind. " + String.join(" ", leaks));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Session.class || type == Database.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == Database.class) {
            return database(context);
        }
        Running running = context.getStore(NAMESPACE).get(Running.class, Running.class);
        if (running == null) {
            throw new ParameterResolutionException("A Session parameter of " + parameter.getDeclaringExecutable()
                    + " has no unit of work to come from: the test's unit is open only for @Test, @BeforeEach and"
                    + " @AfterEach methods of a @UnitOfWorkTest. Take a Database parameter here instead.");
        }
        return running.host.session();
    }

    private static Database database(ExtensionContext context) {
        String name = annotation(context).database();
        try {
            return Database.named(name);
        } catch (DatabaseConfigurationException e) {
            throw new ExtensionConfigurationException("@UnitOfWorkTest on " + testName(context) + " names database '"
                    + name + "', which is not registered when the test starts. Build it in a static initialiser or a"
                    + " @BeforeAll method of the test class. " + e.getMessage(), e);
        }
    }

    /** The closest annotation: on the method, else on its class or a class around it ({@code @Nested}). */
    private static UnitOfWorkTest annotation(ExtensionContext context) {
        Optional<UnitOfWorkTest> found = context.getTestMethod().flatMap(m -> find(m));
        for (Class<?> c = context.getTestClass().orElse(null); found.isEmpty() && c != null; c = c.getEnclosingClass()) {
            found = find(c);
        }
        return found.orElseThrow(() -> new ExtensionConfigurationException(UnitOfWorkTestExtension.class.getName()
                + " runs only through @UnitOfWorkTest, which names the database; " + testName(context)
                + " has none: annotate it, or its class, with @UnitOfWorkTest."));
    }

    private static Optional<UnitOfWorkTest> find(AnnotatedElement element) {
        return AnnotationSupport.findAnnotation(element, UnitOfWorkTest.class);
    }

    private static String testName(ExtensionContext context) {
        String type = context.getTestClass().map(Class::getSimpleName).orElse("?");
        return context.getTestMethod().map(m -> type + "." + m.getName() + "()").orElse(type);
    }

    /** The test's unit while it runs. */
    private record Running(Database database, HostUnit host, Thread thread) {
    }
}
