package org.unitofwork.examples.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.unitofwork.Session;

/**
 * The service's data access: plain JDBC on the connection of whatever unit is active. It opens no
 * unit itself and never commits: the request's unit, which {@link BankServer}'s filter opens, does.
 */
final class Bank {
    private final Runnable betweenDebitAndCredit;
    /** Ids are handed out by this one server process; a cluster would use a database sequence. */
    private final AtomicLong lastAccount;
    private final AtomicLong lastTransfer;

    /**
     * Creates the tables if needed; call inside a unit.
     *
     * @param betweenDebitAndCredit runs in the middle of every transfer, to let tests look inside one
     */
    Bank(Runnable betweenDebitAndCredit) throws SQLException {
        this.betweenDebitAndCredit = betweenDebitAndCredit;
        try (Statement s = connection().createStatement()) {
            s.execute("create table if not exists web_account (id bigint primary key, owner varchar(100) not null,"
                    + " balance bigint not null)");
            s.execute("create table if not exists web_transfer (id bigint primary key, from_account bigint not null,"
                    + " to_account bigint not null, amount bigint not null)");
        }
        lastAccount = new AtomicLong(maxId("web_account"));
        lastTransfer = new AtomicLong(maxId("web_transfer"));
    }

    long open(String owner, long balance) throws SQLException {
        if (balance < 0) {
            throw new BadRequestException("an account cannot open with a negative balance: " + balance);
        }
        long id = lastAccount.incrementAndGet();
        try (PreparedStatement s = connection().prepareStatement(
                "insert into web_account (id, owner, balance) values (?, ?, ?)")) {
            s.setLong(1, id);
            s.setString(2, owner);
            s.setLong(3, balance);
            s.executeUpdate();
        }
        return id;
    }

    Map<String, Object> account(long id) throws SQLException {
        try (PreparedStatement s = connection().prepareStatement("select owner, balance from web_account where id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("no account " + id);
                }
                Map<String, Object> account = new LinkedHashMap<>();
                account.put("id", id);
                account.put("owner", rs.getString(1));
                account.put("balance", rs.getLong(2));
                return account;
            }
        }
    }

    /**
     * Records the transfer, debits, credits, and only then checks the balance: a refused transfer
     * has written three rows that only the rollback removes.
     */
    long transfer(long from, long to, long amount) throws SQLException, InsufficientFundsException {
        if (amount <= 0 || from == to) {
            throw new BadRequestException("a transfer moves a positive amount between two accounts");
        }
        long id = lastTransfer.incrementAndGet();
        try (PreparedStatement s = connection().prepareStatement(
                "insert into web_transfer (id, from_account, to_account, amount) values (?, ?, ?, ?)")) {
            s.setLong(1, id);
            s.setLong(2, from);
            s.setLong(3, to);
            s.setLong(4, amount);
            s.executeUpdate();
        }
        change(from, -amount);
        betweenDebitAndCredit.run();
        change(to, amount);
        if ((Long) account(from).get("balance") < 0) {
            throw new InsufficientFundsException(from, amount);
        }
        return id;
    }

    List<Map<String, Object>> ledger() throws SQLException {
        List<Map<String, Object>> transfers = new ArrayList<>();
        try (Statement s = connection().createStatement(); ResultSet rs = s.executeQuery(
                "select id, from_account, to_account, amount from web_transfer order by id")) {
            while (rs.next()) {
                Map<String, Object> transfer = new LinkedHashMap<>();
                transfer.put("id", rs.getLong(1));
                transfer.put("from", rs.getLong(2));
                transfer.put("to", rs.getLong(3));
                transfer.put("amount", rs.getLong(4));
                transfers.add(transfer);
            }
        }
        return transfers;
    }

    private void change(long account, long amount) throws SQLException {
        try (PreparedStatement s = connection().prepareStatement(
                "update web_account set balance = balance + ? where id = ?")) {
            s.setLong(1, amount);
            s.setLong(2, account);
            if (s.executeUpdate() == 0) {
                throw new NotFoundException("no account " + account);
            }
        }
    }

    private static long maxId(String table) throws SQLException {
        try (Statement s = connection().createStatement(); ResultSet rs = s.executeQuery(
                "select coalesce(max(id), 0) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connection() {
        return Session.current().connection();
    }
}
