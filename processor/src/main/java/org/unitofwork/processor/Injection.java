package org.unitofwork.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.sql.Connection;
import org.unitofwork.Session;

/**
 * A parameter the wrapper supplies itself instead of taking it from its caller: the session of the
 * boundary's unit, that unit's connection, or the unit's resource of a registered session kind (a
 * JPA {@code EntityManager}, a jOOQ {@code DSLContext}…).
 *
 * @param typeName the qualified name of the parameter type that is injected
 * @param kind how the wrapper obtains the value from its scope
 * @param resourceType for {@link Kind#RESOURCE}, the session kind's type as the generated code names it;
 *     else null
 */
record Injection(String typeName, Kind kind, ClassName resourceType) {
    /** A {@link Session} parameter. */
    static final Injection SESSION = new Injection(Session.class.getName(), Kind.SESSION, null);
    /** A {@link Connection} parameter. */
    static final Injection CONNECTION = new Injection(Connection.class.getName(), Kind.CONNECTION, null);

    /**
     * Where in the class path an integration module declares a type its session kind injects: one
     * empty resource per type, named after the type's binary name, so that the processor and the
     * agent can ask for one type without loading anything.
     */
    static final String KIND_MARKERS = "META-INF/unitofwork/session-kinds/";

    /** How the value is obtained. */
    enum Kind {
        /** {@code scope.session()} */
        SESSION,
        /** {@code scope.connection()} */
        CONNECTION,
        /** {@code scope.session().get(Type.class)} */
        RESOURCE
    }

    /**
     * @param scope the name of the wrapper's scope variable
     * @return the expression that supplies the parameter
     */
    CodeBlock supply(String scope) {
        return switch (kind) {
            case SESSION -> CodeBlock.of("$N.session()", scope);
            case CONNECTION -> CodeBlock.of("$N.connection()", scope);
            case RESOURCE -> CodeBlock.of("$N.session().get($T.class)", scope, resourceType);
        };
    }
}
