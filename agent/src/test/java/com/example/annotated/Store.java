package com.example.annotated;

import org.unitofwork.Session;

/** A generic interface: its implementation gets a bridge method that must not be woven again. */
public interface Store<T> {
    String put(Session session, T value);
}
