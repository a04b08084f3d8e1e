package com.example.annotated;

import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

/** Annotated as a type: its public methods are units, read-only unless they say otherwise. */
@UnitOfWork(readOnly = true)
public class Catalog {

    public boolean lookUp() throws Exception {
        return Session.current().connection().isReadOnly();
    }

    @UnitOfWork
    public boolean rename() throws Exception {
        return Session.current().connection().isReadOnly();
    }

    boolean notPublic() {
        return hasUnit();
    }

    @Override
    public String toString() {
        return hasUnit() ? "in a unit" : "no unit";
    }

    static boolean hasUnit() {
        try {
            Session.current();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
