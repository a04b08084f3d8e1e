package com.example.annotated;

import java.util.ArrayList;
import java.util.List;
import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

/** The compiler adds a bridge {@code put(Session, Object)} carrying the same annotation. */
public class NameStore implements Store<String> {
    private final List<Runnable> later = new ArrayList<>();

    @Override
    @UnitOfWork
    public String put(Session session, String value) {
        later.add(() -> Session.current()); // a lambda body: never a unit of its own
        return session.toString();
    }

    public int pending() {
        return later.size();
    }
}
