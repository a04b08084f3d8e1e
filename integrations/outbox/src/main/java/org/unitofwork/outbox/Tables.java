package org.unitofwork.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.unitofwork.Database;
import org.unitofwork.NoActiveUnitException;
import org.unitofwork.Session;

/** What the outbox and the inbox share: their table's name, its database's dialect, and the unit they write in. */
final class Tables {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,50}");

    private final Database database;
    private final String table;
    private final Function<Dialect, List<String>> ddl;
    private volatile Dialect dialect;

    Tables(Database database, String table, Function<Dialect, List<String>> ddl) {
        if (!NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("'" + table + "' cannot name a table: use letters, digits and"
                    + " underscores, at most 51 of them, starting with a letter or underscore");
        }
        this.database = database;
        this.table = table;
        this.ddl = ddl;
    }

    Database database() {
        return database;
    }

    String table() {
        return table;
    }

    Dialect dialect(Connection connection) throws SQLException {
        Dialect known = dialect;
        if (known == null) {
            known = Dialect.of(connection, database.name());
            dialect = known;
        }
        return known;
    }

    List<String> ddl() {
        try (Connection c = database.dataSource().getConnection()) {
            return ddl.apply(dialect(c));
        } catch (SQLException e) {
            throw failure("read which database it runs on", e);
        }
    }

    void create() {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String statement : ddl.apply(dialect(c))) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw failure("create table " + table, e);
        }
    }

    /**
     * The unit {@code what} is to be written in: the active one of the database, which must have a
     * transaction, or the write could outlive work that rolls back.
     */
    Session unit(String what) {
        Session session;
        try {
            session = Session.current(database.name());
        } catch (NoActiveUnitException e) {
            throw new OutboxException(what + " needs a unit of work on database '" + database.name() + "', and thread '"
                    + Thread.currentThread().getName() + "' has none: call it inside database.run(…) or a"
                    + " @UnitOfWork method, so that it commits and rolls back with the work.", e);
        }
        return transactional(session, what);
    }

    Session transactional(Session session, String what) {
        if (!session.isTransactional()) {
            throw new OutboxException(what + " needs a transaction, and " + session + " on thread '"
                    + Thread.currentThread().getName() + "' runs without one (SUPPORTS without an outer unit, or"
                    + " NOT_SUPPORTED), where each statement commits at once: call it in a unit with a transaction.");
        }
        if (session.database() != database) {
            throw new OutboxException(what + " writes to table " + table + " of database '" + database.name()
                    + "', not to " + session + " of database '" + session.database().name()
                    + "': pass a session of '" + database.name() + "'.");
        }
        return session;
    }

    OutboxException failure(String what, SQLException e) {
        return new OutboxException("Could not " + what + " on database '" + database.name() + "' (table " + table
                + "): " + e.getMessage() + (missingTable(e) ? ". Does the table exist? Create it with createTables()"
                        + " or the statements ddl() returns." : ""), e);
    }

    private static boolean missingTable(SQLException e) {
        String state = e.getSQLState();
        // PostgreSQL, MariaDB and H2 each have their own code for an unknown table
        return "42P01".equals(state) || "42S02".equals(state) || "42S04".equals(state) || "42102".equals(state);
    }
}
