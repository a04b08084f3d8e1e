package com.example;

public interface Store<T> {

    void save(T item);

    T load(long id);

    <R> R inspect(java.util.function.Function<? super T, R> inspector);
}
