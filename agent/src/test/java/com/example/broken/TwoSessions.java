package com.example.broken;

import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

/** Two parameters the unit would supply: ambiguous, so the class is left as it was. */
public class TwoSessions {
    @UnitOfWork
    public boolean both(Session first, Session second) {
        return Contradiction.InUnit.now();
    }
}
