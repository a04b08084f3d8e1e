package com.example.processed;

import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

/** Compiled with the processor: {@link ManagedLedger} is its wrapper, so the agent leaves it alone. */
public class Ledger {
    @UnitOfWork
    public boolean post(Session session) {
        return session != null;
    }
}
