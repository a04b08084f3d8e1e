package com.example.annotated;

/** A type marked as a session kind (META-INF/unitofwork/session-kinds) for which no database registers a kind. */
public final class Scratchpad {
}
