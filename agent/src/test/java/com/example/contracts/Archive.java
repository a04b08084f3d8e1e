package com.example.contracts;

/** An interface a unit line matches and no loaded class implements. */
public interface Archive {
    void saveAll();
}
