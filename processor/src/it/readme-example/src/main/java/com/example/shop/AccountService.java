package com.example.shop;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

public class AccountService {

    @UnitOfWork
    public long open(Session session, String owner) throws SQLException {
        try (PreparedStatement insert = session.connection().prepareStatement(
                "insert into account (owner) values (?)", new String[] {"id"})) {
            insert.setString(1, owner);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }
}
