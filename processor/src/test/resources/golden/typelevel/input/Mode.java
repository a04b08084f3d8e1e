package com.example;

import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

@UnitOfWork
public enum Mode {
    ON,
    OFF;

    public String label(Session session) {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
