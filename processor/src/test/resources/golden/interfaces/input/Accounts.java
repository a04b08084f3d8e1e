package com.example;

public interface Accounts {

    long open(String owner);

    void close(long id);

    default String describe(long id) {
        return "#" + id;
    }
}
