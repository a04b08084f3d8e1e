package com.example.misconfigured;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Declares getConnection() abstract: a datasource line must name the class that implements it. */
public abstract class AbstractPool implements DataSource {
    @Override
    public abstract Connection getConnection() throws SQLException;
}
