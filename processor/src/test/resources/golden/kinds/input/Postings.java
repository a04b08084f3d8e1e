package com.example;

import java.util.List;
import org.unitofwork.UnitOfWork;

public class Postings {

    @UnitOfWork
    public void post(Journal journal, String entry) {
        journal.write(entry);
    }

    @UnitOfWork(readOnly = true)
    public int count(String account, Journal journal) {
        return 0;
    }

    /** Not injected: a type argument cannot be expressed as a session kind's class. */
    @UnitOfWork
    public void postAll(List<Journal> journals) {
    }
}
