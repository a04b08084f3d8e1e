package org.unitofwork.examples.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.unitofwork.Propagation;
import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

/**
 * The bank's operations, each one unit of work. Callers use the generated {@code ManagedBank}, which
 * opens the unit, passes the {@link Session}, commits when the method returns and rolls back when it
 * throws; this class only says what a transfer is.
 */
public class Bank {

    /** Creates the tables, dropping those of an earlier run. */
    @UnitOfWork
    public void createSchema(Session session) throws SQLException {
        try (Statement s = session.connection().createStatement()) {
            s.execute("drop table if exists bank_ledger");
            s.execute("drop table if exists bank_account");
            s.execute("create table bank_account (id int primary key, balance bigint not null)");
            s.execute("create table bank_ledger (id bigint primary key, from_account int not null,"
                    + " to_account int not null, amount bigint not null)");
        }
    }

    /** Opens accounts {@code 0..count-1}, each with {@code balance}. */
    @UnitOfWork
    public void openAccounts(Session session, int count, long balance) throws SQLException {
        try (PreparedStatement s = session.connection().prepareStatement("insert into bank_account values (?, ?)")) {
            for (int id = 0; id < count; id++) {
                s.setInt(1, id);
                s.setLong(2, balance);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * Moves {@code amount}: records the transfer, debits, credits, and only then checks the balance,
     * so a refused or interrupted transfer has already written — the rollback is what keeps the
     * books right. Accounts are locked in id order, and a deadlock or serialization failure that a
     * real server reports anyway is retried.
     *
     * @param fault thrown between the debit and the credit when not null, as a crash would
     */
    @UnitOfWork(retries = 5)
    public void transfer(Session session, long transferId, int from, int to, long amount, RuntimeException fault)
            throws SQLException, InsufficientFundsException {
        Connection c = session.connection();
        try (PreparedStatement s = c.prepareStatement("insert into bank_ledger values (?, ?, ?, ?)")) {
            s.setLong(1, transferId);
            s.setInt(2, from);
            s.setInt(3, to);
            s.setLong(4, amount);
            s.executeUpdate();
        }
        if (from < to) {
            change(c, from, -amount);
            failIf(fault);
            change(c, to, amount);
        } else {
            change(c, to, amount);
            failIf(fault);
            change(c, from, -amount);
        }
        if (balance(c, from) < 0) {
            throw new InsufficientFundsException(from, amount);
        }
    }

    /** The sum of all balances, as one consistent read. */
    @UnitOfWork(readOnly = true, propagation = Propagation.REQUIRES_NEW)
    public long totalBalance(Session session) throws SQLException {
        try (Statement s = session.connection().createStatement();
                ResultSet rs = s.executeQuery("select sum(balance) from bank_account")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The ids of the transfers in the ledger. */
    @UnitOfWork(readOnly = true)
    public Set<Long> ledger(Session session) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Statement s = session.connection().createStatement();
                ResultSet rs = s.executeQuery("select id from bank_ledger")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static void failIf(RuntimeException fault) {
        if (fault != null) {
            throw fault;
        }
    }

    private static void change(Connection c, int account, long amount) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update bank_account set balance = balance + ? where id = ?")) {
            s.setLong(1, amount);
            s.setInt(2, account);
            s.executeUpdate();
        }
    }

    private static long balance(Connection c, int account) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select balance from bank_account where id = ?")) {
            s.setInt(1, account);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
