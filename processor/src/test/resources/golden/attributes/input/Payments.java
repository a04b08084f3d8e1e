package com.example;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.unitofwork.Isolation;
import org.unitofwork.Propagation;
import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

class Payments {

    @UnitOfWork(
            database = "payments",
            propagation = Propagation.NESTED,
            readOnly = false,
            isolation = Isolation.SERIALIZABLE,
            timeoutSeconds = 5,
            rollbackFor = FileNotFoundException.class,
            noRollbackFor = {IOException.class, IllegalStateException.class},
            retries = 2,
            resolveUnknownCommit = true,
            connectionHoldBudgetMillis = 500)
    void pay(Session session, long amount) throws IOException {
    }

    @UnitOfWork(propagation = Propagation.REQUIRED, database = "default")
    void refund(Session session, long amount) {
    }
}
