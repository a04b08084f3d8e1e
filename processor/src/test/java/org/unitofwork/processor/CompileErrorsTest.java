package org.unitofwork.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every misuse the processor can see is one error, on the line of the element it concerns, with a
 * message that says what to do (S22).
 */
class CompileErrorsTest {

    @Test
    void privateMethod() {
        assertSingleError(6, "@UnitOfWork method Accounts.open() is private, so its generated wrapper ManagedAccounts"
                + " cannot call it: make it package-private, protected or public, or remove @UnitOfWork",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "class Accounts {",
                "    @UnitOfWork",
                "    private",
                "    void open() {",
                "    }",
                "}");
    }

    @Test
    void privateNestedType() {
        assertSingleError(4, "Outer.Hidden, which is private, so the generated wrapper com.example.ManagedOuter_Hidden"
                + " cannot reach it: make Outer.Hidden package-private, protected or public",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "class Outer {",
                "    private static class Hidden {",
                "        @UnitOfWork",
                "        void open() {",
                "        }",
                "    }",
                "}");
    }

    @Test
    void innerClass() {
        assertSingleError(4, "Outer.Inner, which is an inner class: its instances belong to an instance of Outer, and no"
                + " wrapper is generated for such classes. Declare Outer.Inner static, or move it to the top level",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "class Outer {",
                "    class Inner {",
                "        @UnitOfWork",
                "        void open() {",
                "        }",
                "    }",
                "}");
    }

    @Test
    void methodOfAnonymousClass() {
        assertSingleError(8, "@UnitOfWork on method run of an anonymous class: no wrapper can be generated for a class"
                + " declared inside a method body. Move the method to a static nested or top-level class, or open the"
                + " unit in code with Boundary or Database.run",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "class Jobs {",
                "    @UnitOfWork",
                "    void valid() {",
                "    }",
                "    Runnable job = new Runnable() {",
                "        @UnitOfWork",
                "        public void run() {",
                "        }",
                "    };",
                "}");
    }

    @Test
    void localClass() {
        assertSingleError(8, "@UnitOfWork on local class Local: no wrapper can be generated for a class declared inside"
                + " a method body. Move the class to a static nested or top-level class",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "class Jobs {",
                "    @UnitOfWork",
                "    void valid() {",
                "    }",
                "    void schedule() {",
                "        @UnitOfWork",
                "        class Local {",
                "        }",
                "    }",
                "}");
    }

    @Test
    void methodOfLocalClassWithQualifiedAnnotation() {
        assertSingleError(8, "@UnitOfWork on method open of local class Local",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "class Jobs {",
                "    @UnitOfWork",
                "    void valid() {",
                "    }",
                "    void schedule() {",
                "        class Local { @org.unitofwork.UnitOfWork void open() { } }",
                "    }",
                "}");
    }

    @Test
    void abstractMethodOfClass() {
        assertSingleError(5, "@UnitOfWork method Accounts.open() is abstract in class Accounts: put @UnitOfWork on the"
                + " method that implements it in a concrete class, or declare the method in an interface, whose wrapper"
                + " delegates to any implementation",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "abstract class Accounts {",
                "    @UnitOfWork",
                "    abstract void open();",
                "}");
    }

    @Test
    void abstractMethodOfClassUnderTypeLevelAnnotation() {
        assertSingleError(6, "@UnitOfWork method Accounts.open() is abstract in class Accounts (the annotation on the"
                + " class applies to it)",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "@UnitOfWork",
                "abstract class Accounts {",
                "    public void close() { }",
                "    public abstract void open();",
                "}");
    }

    @Test
    void twoInjectedParameters() {
        assertSingleError(7, "Parameter connection of Accounts.open(Session,Connection) would be injected, but parameter"
                + " session already is: keep one injected parameter (a Session gives its connection with"
                + " session.connection())",
                "package com.example;",
                "import java.sql.Connection;",
                "import org.unitofwork.Session;",
                "import org.unitofwork.UnitOfWork;",
                "class Accounts {",
                "    @UnitOfWork void open(Session session,",
                "            Connection connection) {",
                "    }",
                "}");
    }

    @Test
    void subtypeOfConnection() {
        assertSingleError(6, "Parameter pg of Accounts.open(PgConnection) has type com.example.PgConnection, a subtype"
                + " of java.sql.Connection, which the wrapper cannot supply: the unit's connection is a guarded"
                + " java.sql.Connection. Declare the parameter as java.sql.Connection (and use unwrap(…) for driver"
                + " features)",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "interface PgConnection extends java.sql.Connection { }",
                "class Accounts {",
                "    @UnitOfWork void open(",
                "            PgConnection pg) {",
                "    }",
                "}");
    }

    @Test
    void parameterNamedSessionOfAnotherType() {
        assertSingleError(6, "Parameter session of Accounts.open(Session,String) has type com.example.orm.Session,"
                + " which the wrapper does not inject: org.unitofwork.Session, java.sql.Connection and the types of the"
                + " session kinds of integration modules on the class path (such as unitofwork-jpa) are injected."
                + " Change its type to one of them, or rename the parameter if callers are meant to pass it",
                List.of(JavaFileObjects.forSourceLines("com.example.orm.Session",
                        "package com.example.orm;",
                        "public interface Session { }")),
                "package com.example;",
                "import com.example.orm.Session;",
                "import org.unitofwork.UnitOfWork;",
                "class Accounts {",
                "    @UnitOfWork void open(",
                "            Session session, String owner) {",
                "    }",
                "}");
    }

    @Test
    void sessionKindWithTypeArguments() {
        // src/test/resources/org/unitofwork/sessionkinds/com.example.Sheet marks Sheet as a session kind
        assertSingleError(5, "Parameter sheet of Accounts.open(Sheet) has type com.example.Sheet<java.lang.String>, a"
                + " session kind with type arguments, which the wrapper cannot supply: the unit hands out one"
                + " com.example.Sheet whatever its type arguments. Declare the parameter as the plain com.example.Sheet",
                List.of(JavaFileObjects.forSourceLines("com.example.Sheet",
                        "package com.example;",
                        "public interface Sheet<T> { }")),
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "class Accounts {",
                "    @UnitOfWork void open(",
                "            Sheet<String> sheet) {",
                "    }",
                "}");
    }

    @Test
    void sameClassInRollbackForAndNoRollbackFor() {
        assertSingleError(4, "Boundary Accounts.open(): java.lang.IllegalStateException is in both rollbackFor and"
                + " noRollbackFor; keep it in one of them",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "class Accounts {",
                "    @UnitOfWork(rollbackFor = {IllegalStateException.class},",
                "            noRollbackFor = {RuntimeException.class, IllegalStateException.class})",
                "    void open() {",
                "    }",
                "}");
    }

    @Test
    void negativeRetries() {
        assertSingleError(4, "Boundary Accounts.open(): retries must be 0 (no retry) or positive, not -1",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "class Accounts {",
                "    @UnitOfWork(retries = -1)",
                "    void open() {",
                "    }",
                "}");
    }

    @Test
    void negativeTimeout() {
        assertSingleError(4, "Boundary Accounts.open(): timeoutSeconds must be 0 (no deadline) or positive, not -5",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "class Accounts {",
                "    @UnitOfWork(timeoutSeconds = -5)",
                "    void open() {",
                "    }",
                "}");
    }

    @Test
    void retriesOnPropagationThatNeverOpensItsOwnTransaction() {
        assertSingleError(5, "Boundary Accounts.open(): retries = 2 cannot work with propagation SUPPORTS, which never"
                + " opens a transaction of its own to run again; use REQUIRED, REQUIRES_NEW or NESTED, or remove retries",
                "package com.example;",
                "import org.unitofwork.Propagation;",
                "import org.unitofwork.UnitOfWork;",
                "class Accounts {",
                "    @UnitOfWork(propagation = Propagation.SUPPORTS, retries = 2)",
                "    void open() {",
                "    }",
                "}");
    }

    @Test
    void blankDatabaseName() {
        assertSingleError(4, "Boundary Accounts.open(): the database name must not be blank; name a registered"
                + " database, or leave it unset for \"default\"",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "class Accounts {",
                "    @UnitOfWork(database = \" \")",
                "    void open() {",
                "    }",
                "}");
    }

    @Test
    void contradictionInTypeLevelAnnotation() {
        assertSingleError(3, "Boundary Accounts: retries must be 0 (no retry) or positive, not -2",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "@UnitOfWork(retries = -2)",
                "class Accounts {",
                "    public void open() { }",
                "}");
    }

    @Test
    void annotationType() {
        assertSingleError(4, "@UnitOfWork cannot apply to the annotation type Audited: its methods are attributes, not"
                + " code to run. Remove @UnitOfWork from it",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "@UnitOfWork",
                "@interface Audited {",
                "}");
    }

    @Test
    void typeLevelAnnotationWithNoPublicMethod() {
        assertSingleError(3, "@UnitOfWork on Accounts applies to its public methods, but it declares none (equals,"
                + " hashCode and toString do not count): make the methods that are units of work public, or annotate"
                + " them one by one",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "@UnitOfWork",
                "class Accounts {",
                "    void open() { }",
                "    @Override public String toString() { return \"\"; }",
                "}");
    }

    @Test
    void wrapperMethodsThatClashOnceTheInjectedParameterIsGone() {
        assertSingleError(7, "The wrapper method of Accounts.open(Session,String) would have the same signature as that"
                + " of Accounts.open(String) once the injected parameter is removed: open(java.lang.String). Rename one"
                + " of the two methods",
                "package com.example;",
                "import org.unitofwork.Session;",
                "import org.unitofwork.UnitOfWork;",
                "class Accounts {",
                "    @UnitOfWork void open(String owner) { }",
                "    @UnitOfWork",
                "    void open(Session session, String owner) { }",
                "}");
    }

    @Test
    void twoTypesWhoseWrappersWouldShareAName() {
        assertSingleError(7, "The wrapper of Outer.Inner would be named com.example.ManagedOuter_Inner, like the wrapper"
                + " of com.example.Outer_Inner: rename one of the two types",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "class Outer_Inner {",
                "    @UnitOfWork void open() { }",
                "}",
                "class Outer {",
                "    static class Inner {",
                "        @UnitOfWork void open() { }",
                "    }",
                "}");
    }

    @Test
    void wrapperNameTakenByAnExistingClass() {
        assertSingleError(3, "The wrapper com.example.ManagedAccounts of Accounts could not be written (",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "class Accounts {",
                "    @UnitOfWork void open() { }",
                "}",
                "class ManagedAccounts {",
                "}");
    }

    @Test
    void typeThatNeverResolves() {
        JavaFileObject source = JavaFileObjects.forSourceLines("com.example.Accounts",
                "package com.example;",
                "import org.unitofwork.UnitOfWork;",
                "class Accounts {",
                "    @UnitOfWork Money balance() { return null; }",
                "}");
        Compilation compilation = Compilations.compile(source);
        assertThat(compilation).hadErrorContaining("No wrapper was generated for Accounts: a type in the signature of"
                + " one of its @UnitOfWork methods, its interfaces or its rollbackFor/noRollbackFor is still unresolved"
                + " after the last round of annotation processing").inFile(source).onLine(3);
    }

    private static void assertSingleError(int line, String message, String... lines) {
        assertSingleError(line, message, List.of(), lines);
    }

    /** Compiles {@code lines} (as {@code com.example.Subject}) with {@code others}: one error, on {@code line}. */
    private static void assertSingleError(int line, String message, List<JavaFileObject> others, String... lines) {
        JavaFileObject subject = JavaFileObjects.forSourceLines("com.example.Subject", lines);
        JavaFileObject[] sources = new JavaFileObject[others.size() + 1];
        sources[0] = subject;
        for (int i = 0; i < others.size(); i++) {
            sources[i + 1] = others.get(i);
        }
        Compilation compilation = Compilations.compile(sources);
        assertThat(compilation).hadErrorContaining(message).inFile(subject).onLine(line);
        assertThat(compilation).hadErrorCount(1);
    }
}
