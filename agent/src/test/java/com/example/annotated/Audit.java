package com.example.annotated;

import org.unitofwork.UnitOfWork;

/** An annotated abstract method: nothing to weave, and the agent says so. */
public abstract class Audit {
    @UnitOfWork
    public abstract void record(String what);
}
