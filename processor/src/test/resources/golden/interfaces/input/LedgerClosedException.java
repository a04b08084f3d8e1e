package com.example;

public class LedgerClosedException extends Exception {
    private static final long serialVersionUID = 1L;
}
