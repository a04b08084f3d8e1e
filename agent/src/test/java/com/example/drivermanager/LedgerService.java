package com.example.drivermanager;

import java.sql.SQLException;

/** Operations of several statements, each committed by the DAO on a connection of its own. */
public class LedgerService {
    private final LedgerDao dao;

    public LedgerService(LedgerDao dao) {
        this.dao = dao;
    }

    /** Debits and credits; fails between the two, as a crash or a declined check would. */
    public void transfer(int debit, int credit, boolean failHalfWay) throws SQLException {
        dao.post(debit, -10);
        if (failHalfWay) {
            throw new IllegalStateException("transfer failed after entry " + debit);
        }
        dao.post(credit, 10);
    }

    /** Posts entries, skipping those already posted: the DAO rolls back each duplicate and goes on. */
    public int postAll(int... ids) throws SQLException {
        int posted = 0;
        for (int id : ids) {
            if (dao.postUnlessPosted(id, 1)) {
                posted++;
            }
        }
        return posted;
    }
}
