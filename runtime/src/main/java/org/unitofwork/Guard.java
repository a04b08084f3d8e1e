package org.unitofwork;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Struct;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;

/**
 * What every guard of a unit's JDBC objects shares: the unit it checks, and how it hands out what the
 * driver returns. A driver may back result sets, metadata, LOBs, arrays and their streams with its live
 * connection (pgJDBC reads a large object's stream over it), so none of them reaches user code unguarded.
 * Each call checks {@link Unit#checkUsable(Object)} first, an identity compare and a field read that
 * allocate nothing; the generated {@code Guarded*} classes hold the methods that only check and delegate.
 */
@GenerateGuards({ResultSetMetaData.class, ParameterMetaData.class, Array.class, Blob.class, Clob.class, NClob.class,
        SQLXML.class, Ref.class, Struct.class, InputStream.class, OutputStream.class, Reader.class, Writer.class})
abstract class Guard {
    final Unit unit;
    /** The object guarded: the driver's, or the pool's for a connection and its statements. */
    private final Object target;

    Guard(Unit unit, Object delegate) {
        this.unit = unit;
        this.target = delegate;
    }

    /** The guarded statement that result sets handed out here lead back to; none for metadata and arrays. */
    Statement resultSetOwner() {
        return null;
    }

    final ResultSet wrap(ResultSet r) {
        return r == null ? null : new GuardedResultSet(unit, resultSetOwner(), r);
    }

    final ResultSetMetaData wrap(ResultSetMetaData m) {
        return m == null ? null : new GuardedResultSetMetaData(unit, m);
    }

    final ParameterMetaData wrap(ParameterMetaData m) {
        return m == null ? null : new GuardedParameterMetaData(unit, m);
    }

    final Array wrap(Array a) {
        return a == null ? null : new GuardedArray(unit, a);
    }

    final Blob wrap(Blob b) {
        return b == null ? null : new GuardedBlob(unit, b);
    }

    final Clob wrap(Clob c) {
        return c == null ? null : new GuardedClob(unit, c);
    }

    final NClob wrap(NClob c) {
        return c == null ? null : new GuardedNClob(unit, c);
    }

    final SQLXML wrap(SQLXML x) {
        return x == null ? null : new GuardedSQLXML(unit, x);
    }

    final Ref wrap(Ref r) {
        return r == null ? null : new GuardedRef(unit, r);
    }

    final Struct wrap(Struct s) {
        return s == null ? null : new GuardedStruct(unit, s);
    }

    final InputStream wrap(InputStream s) {
        return s == null ? null : new GuardedInputStream(unit, s);
    }

    final OutputStream wrap(OutputStream s) {
        return s == null ? null : new GuardedOutputStream(unit, s);
    }

    final Reader wrap(Reader r) {
        return r == null ? null : new GuardedReader(unit, r);
    }

    final Writer wrap(Writer w) {
        return w == null ? null : new GuardedWriter(unit, w);
    }

    /** A value of {@code getObject}: guarded if the driver may back it with the live connection. */
    final Object wrapObject(Object value) {
        return guardValue(unit, resultSetOwner(), value);
    }

    /**
     * An XML source or result of {@code SQLXML}: a stream one gets its reader, writer or stream
     * guarded, as the driver may back them with the live connection; the others hold their content.
     */
    @SuppressWarnings("unchecked") // a stream source or result is replaced by one of its own class
    final <T> T wrapXml(T xml) {
        if (xml instanceof StreamSource s) {
            StreamSource guarded = new StreamSource(s.getSystemId());
            guarded.setPublicId(s.getPublicId());
            guarded.setReader(wrap(s.getReader()));
            guarded.setInputStream(wrap(s.getInputStream()));
            return (T) guarded;
        }
        if (xml instanceof StreamResult r) {
            StreamResult guarded = new StreamResult(r.getSystemId());
            guarded.setWriter(wrap(r.getWriter()));
            guarded.setOutputStream(wrap(r.getOutputStream()));
            return (T) guarded;
        }
        return xml;
    }

    /** The attributes of a struct, each as {@link #wrapObject} hands it out. */
    final Object[] wrapAll(Object[] values) {
        if (values != null) {
            for (int i = 0; i < values.length; i++) {
                values[i] = wrapObject(values[i]);
            }
        }
        return values;
    }

    static Object guardValue(Unit unit, Statement owner, Object value) {
        // the common values first, each a test of a class rather than of an interface
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof java.util.Date || value instanceof byte[]) {
            return value;
        }
        if (value instanceof ResultSet r) {
            return new GuardedResultSet(unit, owner, r);
        } else if (value instanceof Array a) {
            return new GuardedArray(unit, a);
        } else if (value instanceof NClob c) {
            return new GuardedNClob(unit, c);
        } else if (value instanceof Clob c) {
            return new GuardedClob(unit, c);
        } else if (value instanceof Blob b) {
            return new GuardedBlob(unit, b);
        } else if (value instanceof SQLXML x) {
            return new GuardedSQLXML(unit, x);
        } else if (value instanceof Ref r) {
            return new GuardedRef(unit, r);
        } else if (value instanceof Struct s) {
            return new GuardedStruct(unit, s);
        } else if (value instanceof InputStream s) {
            return new GuardedInputStream(unit, s);
        } else if (value instanceof Reader r) {
            return new GuardedReader(unit, r);
        }
        return value;
    }

    /**
     * An argument as the driver gets it: for a LOB, array, XML or struct of a unit, the driver's own
     * object (drivers look for their own classes), once that unit is checked too.
     */
    @SuppressWarnings("unchecked")
    final <T> T arg(T value) {
        if (value instanceof Guard g && (value instanceof Array || value instanceof Clob || value instanceof Blob
                || value instanceof SQLXML || value instanceof Ref || value instanceof Struct)) {
            g.unit.checkUsable(g);
            return (T) g.target;
        }
        return value;
    }

    /**
     * Whether the unit has ended and this is its thread: then closing has nothing left to do, since
     * the unit's end closed what it opened, and must not reach a connection lent on since. Also when
     * an {@code Error} struck inside the driver: its end closes the whole connection, and nothing more
     * may be sent on it.
     */
    final boolean closedWithUnit() {
        if (unit.poisoned && Thread.currentThread() == unit.owner) {
            return true; // S12: the driver is not called again: the unit's end closes the whole connection
        }
        try {
            unit.checkUsable(this);
            return false;
        } catch (NoActiveUnitException e) {
            return true;
        }
    }

    /**
     * Names, for the start of a message, an object a unit handed out: its connection, a statement, a
     * result set, metadata, a LOB or other JDBC value, a stream, or a view of a driver's interface.
     */
    static String named(Object handedOut) {
        if (handedOut instanceof Connection) {
            return "The connection";
        }
        if (handedOut instanceof CallableStatement) {
            return "A callable statement";
        }
        if (handedOut instanceof PreparedStatement) {
            return "A prepared statement";
        }
        if (handedOut instanceof Statement) {
            return "A statement";
        }
        if (handedOut instanceof ResultSet) {
            return "A result set";
        }
        if (handedOut instanceof DatabaseMetaData || handedOut instanceof ResultSetMetaData
                || handedOut instanceof ParameterMetaData) {
            return "Metadata";
        }
        if (handedOut instanceof InputStream || handedOut instanceof OutputStream || handedOut instanceof Reader
                || handedOut instanceof Writer) {
            return "A stream";
        }
        // each before the types it extends: NClob before Clob
        for (Class<?> value : new Class<?>[] {NClob.class, Clob.class, Blob.class, SQLXML.class, Array.class, Ref.class,
                Struct.class}) {
            if (value.isInstance(handedOut)) {
                return withArticle(value.getSimpleName());
            }
        }
        if (Proxy.isProxyClass(handedOut.getClass())) {
            return withArticle(handedOut.getClass().getInterfaces()[0].getName()) + " view";
        }
        return withArticle(handedOut.getClass().getName());
    }

    private static String withArticle(String noun) {
        return ("AEIOUaeiou".indexOf(noun.charAt(0)) >= 0 ? "An " : "A ") + noun;
    }

    @Override
    public String toString() {
        return "Guarded" + target;
    }
}
