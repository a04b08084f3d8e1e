package com.example;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.unitofwork.Propagation;
import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

public class AccountService {

    @UnitOfWork
    public long open(Session session, String owner) {
        return owner.length();
    }

    @UnitOfWork(propagation = Propagation.REQUIRES_NEW, retries = 3)
    public void transfer(long from, long to, BigDecimal amount) throws IOException {
    }

    @UnitOfWork(readOnly = true)
    public BigDecimal balance(Session session, long account) {
        return BigDecimal.ZERO;
    }

    @UnitOfWork(readOnly = true)
    public BigDecimal balance(Session session, String owner) {
        return BigDecimal.ONE;
    }

    @UnitOfWork
    int[] ids(Session session, char prefix, boolean active, double minimum) {
        return new int[0];
    }

    @UnitOfWork
    public List<String> owners(Session session) {
        return List.of();
    }

    @UnitOfWork
    public void audit(Session session, String scope, String result, String failure) {
    }

    public String notWrapped() {
        return "";
    }
}
