package com.example;

import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

@UnitOfWork(readOnly = true)
public class Catalog {

    public String name(Session session, long id) {
        return "";
    }

    @UnitOfWork
    public void rename(Session session, long id, String name) {
    }

    public static int size() {
        return 0;
    }

    String notPublic() {
        return "";
    }

    @Override
    public String toString() {
        return "Catalog";
    }
}
