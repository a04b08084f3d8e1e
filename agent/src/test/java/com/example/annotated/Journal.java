package com.example.annotated;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A write-behind journal, a session kind's resource (its marker is under
 * org/unitofwork/sessionkinds): entries reach the table only when the unit flushes it.
 */
public final class Journal {
    private final Connection connection;
    private final List<String> pending = new ArrayList<>();

    public Journal(Connection connection) {
        this.connection = connection;
    }

    public void write(String entry) {
        pending.add(entry);
    }

    public void flush() throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into journal values (?)")) {
            for (String entry : pending) {
                insert.setString(1, entry);
                insert.executeUpdate();
            }
        }
        pending.clear();
    }
}
