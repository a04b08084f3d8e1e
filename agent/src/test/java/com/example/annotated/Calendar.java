package com.example.annotated;

import org.unitofwork.UnitOfWork;

/** Two overloads whose simple names clash: both boundaries get qualified parameter types, as the processor names them. */
public class Calendar {
    @UnitOfWork
    public void mark(java.util.Date day) {
    }

    @UnitOfWork
    public void mark(java.sql.Date day) {
    }

    @UnitOfWork
    public void mark(int day) {
    }
}
