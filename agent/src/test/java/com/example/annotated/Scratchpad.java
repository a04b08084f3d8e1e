package com.example.annotated;

/** A type marked as a session kind (org/unitofwork/sessionkinds) for which no database registers a kind. */
public final class Scratchpad {
}
