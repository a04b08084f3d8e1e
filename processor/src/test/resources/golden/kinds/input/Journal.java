package com.example;

public interface Journal {
    void write(String entry);
}
