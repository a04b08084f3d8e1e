package org.unitofwork.conventions;

/** What the unit supplies to an injected parameter. */
public enum InjectedKind {
    /** The unit's {@code org.unitofwork.Session}. */
    SESSION,
    /** The unit's guarded {@code java.sql.Connection}, borrowed when first supplied. */
    CONNECTION,
    /** The unit's object of a session kind: {@code session.get(Type.class)}. */
    SESSION_KIND;

    /** The type of a {@link #SESSION} parameter. */
    public static final String SESSION_TYPE = "org.unitofwork.Session";
    /** The type of a {@link #CONNECTION} parameter. */
    public static final String CONNECTION_TYPE = "java.sql.Connection";

    /** @return what is supplied to {@code parameter}, or null when it is not injected */
    static InjectedKind of(ParameterShape parameter) {
        if (parameter.form() != ParameterShape.Form.PLAIN) {
            return null;
        }
        if (parameter.erasure().equals(SESSION_TYPE)) {
            return SESSION;
        }
        if (parameter.erasure().equals(CONNECTION_TYPE)) {
            return CONNECTION;
        }
        return parameter.sessionKind() ? SESSION_KIND : null;
    }
}
