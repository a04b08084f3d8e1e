package org.unitofwork.conventions.cases;

import java.util.List;

/**
 * The table that holds the processor and the agent to the same answers (S20 for names and
 * diagnostics): each class below is compiled, then given to the processor and, compiled without it,
 * to the agent; both must name its wrapper and boundaries as written here, supply the parameter
 * written here, or refuse it with the message written here. The processor's and the agent's tests
 * run every row. A message that names a parameter needs its name: the agent's tests compile with
 * {@code -parameters}, as an application must for the agent to see it.
 */
public final class ConventionCases {
    private static final String PACKAGE = "com.example.conventions";
    private static final String SESSION = "org.unitofwork.Session";
    private static final String CONNECTION = "java.sql.Connection";
    private static final String STRING = "java.lang.String";

    /** The session kinds' types the rows use, marked in this module's test resources. */
    public static final List<Class<?>> SESSION_KIND_TYPES = List.of(Ledger.class, Sheet.class);

    /** Every row. */
    public static final List<ConventionCase> ALL = List.of(
            usable("Accounts", "Accounts", "ManagedAccounts", """
                    package com.example.conventions;

                    import java.sql.Connection;
                    import org.unitofwork.Session;
                    import org.unitofwork.UnitOfWork;
                    import org.unitofwork.conventions.cases.Ledger;
                    import org.unitofwork.conventions.cases.Supplied;

                    public class Accounts {
                        @UnitOfWork(database = "conventions")
                        public int open(Session session, String owner) {
                            return Supplied.index(session, owner);
                        }

                        @UnitOfWork(database = "conventions")
                        public int close(String owner, Connection connection) {
                            return Supplied.index(owner, connection);
                        }

                        @UnitOfWork(database = "conventions")
                        public int post(long amount, Ledger ledger) {
                            return Supplied.index(amount, ledger);
                        }

                        @UnitOfWork(database = "conventions")
                        public int count(String owner) {
                            return Supplied.index(owner);
                        }

                        @UnitOfWork(database = "conventions")
                        public int tag(Session session, String... tags) {
                            return Supplied.index(session, tags);
                        }

                        @UnitOfWork(database = "conventions")
                        public static int audit(int[][] days, Connection connection) {
                            return Supplied.index(days, connection);
                        }
                    }
                    """,
                    method("open", List.of(SESSION, STRING), "Accounts.open(Session,String)", 0),
                    method("close", List.of(STRING, CONNECTION), "Accounts.close(String,Connection)", 1),
                    method("post", List.of("long", Ledger.class.getName()), "Accounts.post(long,Ledger)", 1),
                    method("count", List.of(STRING), "Accounts.count(String)", -1),
                    method("tag", List.of(SESSION, "java.lang.String[]"), "Accounts.tag(Session,String...)", 0),
                    method("audit", List.of("int[][]", CONNECTION), "Accounts.audit(int[][],Connection)", 1)),
            usable("Outer", "Outer$Inner", "ManagedOuter_Inner", """
                    package com.example.conventions;

                    import java.util.Map;
                    import org.unitofwork.Session;
                    import org.unitofwork.UnitOfWork;
                    import org.unitofwork.conventions.cases.Supplied;

                    public class Outer {
                        @UnitOfWork(database = "conventions")
                        public static class Inner {
                            public int touch(Session session) {
                                return Supplied.index(session);
                            }

                            public int list(Map.Entry<String, Integer> entry) {
                                return Supplied.index(entry);
                            }

                            int hidden() {
                                return -2;
                            }

                            @Override
                            public boolean equals(Object other) {
                                return other == this;
                            }

                            @Override
                            public int hashCode() {
                                return 1;
                            }

                            @Override
                            public String toString() {
                                return "inner";
                            }

                            @Override
                            public Inner clone() {
                                return new Inner();
                            }
                        }
                    }
                    """,
                    method("touch", List.of(SESSION), "Outer.Inner.touch(Session)", 0),
                    method("list", List.of("java.util.Map$Entry"), "Outer.Inner.list(Entry)", -1)),
            usable("Calendar", "Calendar", "ManagedCalendar", """
                    package com.example.conventions;

                    import java.util.Map;
                    import org.unitofwork.UnitOfWork;
                    import org.unitofwork.conventions.cases.Supplied;

                    public class Calendar {
                        @UnitOfWork(database = "conventions")
                        public int mark(java.util.Date day) {
                            return Supplied.index(day);
                        }

                        @UnitOfWork(database = "conventions")
                        public int mark(java.sql.Date day) {
                            return Supplied.index(day);
                        }

                        @UnitOfWork(database = "conventions")
                        public int mark(int day) {
                            return Supplied.index(day);
                        }

                        @UnitOfWork(database = "conventions")
                        public int file(Map.Entry<?, ?> entry) {
                            return Supplied.index(entry);
                        }

                        @UnitOfWork(database = "conventions")
                        public int file(Entry entry) {
                            return Supplied.index(entry);
                        }

                        public static class Entry {
                        }
                    }
                    """,
                    method("mark", List.of("java.util.Date"), "Calendar.mark(java.util.Date)", -1),
                    method("mark", List.of("java.sql.Date"), "Calendar.mark(java.sql.Date)", -1),
                    method("mark", List.of("int"), "Calendar.mark(int)", -1),
                    method("file", List.of("java.util.Map$Entry"), "Calendar.file(java.util.Map.Entry)", -1),
                    method("file", List.of(PACKAGE + ".Calendar$Entry"),
                            "Calendar.file(com.example.conventions.Calendar.Entry)", -1)),
            refused("TwoSuppliers", "ManagedTwoSuppliers", """
                    package com.example.conventions;

                    import java.sql.Connection;
                    import org.unitofwork.Session;
                    import org.unitofwork.UnitOfWork;

                    public class TwoSuppliers {
                        @UnitOfWork(database = "conventions")
                        public void open(Session session, Connection connection) {
                        }
                    }
                    """,
                    "TwoSuppliers.open(Session,Connection) has more than one parameter for the unit to supply (a Session,"
                    + " a Connection or a session kind's type). Parameter connection of"
                    + " TwoSuppliers.open(Session,Connection) would be injected, but parameter session already is: keep"
                    + " one injected parameter (a Session gives its connection with session.connection())"),
            refused("GenericKind", "ManagedGenericKind", """
                    package com.example.conventions;

                    import org.unitofwork.UnitOfWork;
                    import org.unitofwork.conventions.cases.Sheet;

                    public class GenericKind {
                        @UnitOfWork(database = "conventions")
                        public void open(Sheet<String> sheet) {
                        }
                    }
                    """,
                    "Parameter sheet of GenericKind.open(Sheet) has type org.unitofwork.conventions.cases.Sheet<java.lang.String>,"
                    + " a session kind with type arguments, which the wrapper cannot supply: the unit hands out one"
                    + " org.unitofwork.conventions.cases.Sheet whatever its type arguments. Declare the parameter as the"
                    + " plain org.unitofwork.conventions.cases.Sheet"),
            refused("DriverConnection", "ManagedDriverConnection", """
                    package com.example.conventions;

                    import org.unitofwork.UnitOfWork;

                    public class DriverConnection {
                        public interface PgConnection extends java.sql.Connection {
                        }

                        @UnitOfWork(database = "conventions")
                        public void open(PgConnection pg) {
                        }
                    }
                    """,
                    "Parameter pg of DriverConnection.open(PgConnection) has type"
                    + " com.example.conventions.DriverConnection.PgConnection, a subtype of java.sql.Connection, which"
                    + " the wrapper cannot supply: the unit's connection is a guarded java.sql.Connection. Declare the"
                    + " parameter as java.sql.Connection (and use unwrap(…) for driver features)"),
            refused("ConnectionVariable", "ManagedConnectionVariable", """
                    package com.example.conventions;

                    import java.sql.Connection;
                    import org.unitofwork.UnitOfWork;

                    public class ConnectionVariable {
                        @UnitOfWork(database = "conventions")
                        public <C extends Connection> void open(C pooled) {
                        }
                    }
                    """,
                    "Parameter pooled of ConnectionVariable.open(Connection) has type C, a subtype of java.sql.Connection,"
                    + " which the wrapper cannot supply: the unit's connection is a guarded java.sql.Connection. Declare"
                    + " the parameter as java.sql.Connection (and use unwrap(…) for driver features)"),
            refused("ForeignSession", "ManagedForeignSession", """
                    package com.example.conventions;

                    import org.unitofwork.UnitOfWork;

                    public class ForeignSession {
                        public interface Session {
                        }

                        @UnitOfWork(database = "conventions")
                        public void open(Session session, String owner) {
                        }
                    }
                    """,
                    "Parameter session of ForeignSession.open(Session,String) has type"
                    + " com.example.conventions.ForeignSession.Session, which the wrapper does not inject:"
                    + " org.unitofwork.Session, java.sql.Connection and the types of the session kinds of integration"
                    + " modules on the class path (such as unitofwork-jpa) are injected. Change its type to one of them,"
                    + " or rename the parameter if callers are meant to pass it"));

    private ConventionCases() {
    }

    private static ConventionCase usable(String sourceName, String className, String wrapper, String source,
            ConventionCase.Method... methods) {
        return new ConventionCase(PACKAGE + "." + sourceName, PACKAGE + "." + className, PACKAGE + "." + wrapper, source,
                List.of(methods), null);
    }

    private static ConventionCase refused(String name, String wrapper, String source, String refusal) {
        return new ConventionCase(PACKAGE + "." + name, PACKAGE + "." + name, PACKAGE + "." + wrapper, source, List.of(),
                refusal);
    }

    private static ConventionCase.Method method(String name, List<String> parameterTypes, String boundary, int injected) {
        return new ConventionCase.Method(name, parameterTypes, boundary, injected);
    }
}
