package com.example;

import org.unitofwork.UnitOfWork;

public class JdbcAccounts implements Accounts, AutoCloseable {

    @UnitOfWork
    @Override
    public long open(String owner) {
        return 1;
    }

    @Override
    public void close(long id) {
    }

    @Override
    public void close() {
    }
}
