package com.example.contracts;

/** An interface whose methods a unit line matches: its implementations are what gets woven. */
public interface Repository<T> {
    void save(T item);

    int count();
}
