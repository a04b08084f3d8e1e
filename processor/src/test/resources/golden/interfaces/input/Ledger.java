package com.example;

import java.util.List;
import org.unitofwork.UnitOfWork;

public interface Ledger {

    @UnitOfWork
    void post(String entry) throws LedgerClosedException;

    List<String> entries();
}
