package org.unitofwork.processor;

import java.sql.Connection;
import org.unitofwork.Session;

/**
 * A parameter the wrapper supplies itself instead of taking it from its caller: the session of the
 * boundary's unit, or that unit's connection.
 */
enum Injection {
    /** A {@link Session} parameter, supplied with {@code scope.session()}. */
    SESSION(Session.class.getName(), "session"),
    /** A {@link Connection} parameter, supplied with {@code scope.connection()}. */
    CONNECTION(Connection.class.getName(), "connection");

    private final String typeName;
    private final String scopeAccessor;

    Injection(String typeName, String scopeAccessor) {
        this.typeName = typeName;
        this.scopeAccessor = scopeAccessor;
    }

    /** @return the qualified name of the parameter type that is injected */
    String typeName() {
        return typeName;
    }

    /** @return the method of {@code org.unitofwork.Scope} that supplies the value */
    String scopeAccessor() {
        return scopeAccessor;
    }
}
