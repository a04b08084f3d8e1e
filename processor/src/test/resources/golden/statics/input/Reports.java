package com.example;

import java.sql.Connection;
import java.sql.SQLException;
import org.unitofwork.UnitOfWork;

public final class Reports {

    private Reports() {
    }

    @UnitOfWork(readOnly = true, timeoutSeconds = 30)
    public static int count(Connection connection, String table) throws SQLException {
        return 0;
    }

    @UnitOfWork
    static void purge(Connection connection) throws SQLException {
    }
}
