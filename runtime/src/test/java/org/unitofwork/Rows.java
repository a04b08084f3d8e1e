package org.unitofwork;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.unitofwork.scenarios.TestDatabase;

/** Rows of a test table {@code (id int primary key, note varchar(100))}: written in units, read by an independent observer. */
final class Rows {
    private Rows() {
    }

    /** Inserts row {@code id} on the unit's connection. */
    static void insert(Session session, String table, int id) throws SQLException {
        try (Statement s = session.connection().createStatement()) {
            s.executeUpdate("insert into " + table + " (id, note) values (" + id + ", 'x')");
        }
    }

    /** The ids in {@code table}, read outside any unit on a connection of its own. */
    static Set<Integer> ids(TestDatabase database, String url, String table) throws SQLException {
        try (Connection c = database.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select id from " + table)) {
            Set<Integer> ids = new HashSet<>();
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
            return ids;
        }
    }

    /** The first column of the first row {@code query} returns on the unit's connection, as text. */
    static String query(Session session, String query) throws SQLException {
        try (Statement s = session.connection().createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
