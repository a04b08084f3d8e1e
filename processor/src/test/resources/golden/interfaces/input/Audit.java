package com.example;

import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

public interface Audit {

    @UnitOfWork
    void record(Session session, String what);
}
