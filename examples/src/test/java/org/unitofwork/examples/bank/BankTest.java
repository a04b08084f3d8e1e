package org.unitofwork.examples.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.unitofwork.Database;
import org.unitofwork.Session;
import org.unitofwork.test.UnitOfWorkTest;

/**
 * The bank's operations one at a time, as an application tests its own service: each test runs in a
 * unit that {@link UnitOfWorkTest} rolls back, so the accounts {@code @BeforeEach} opens and every
 * transfer a test commits are gone before the next test — which opens the same accounts again.
 */
@UnitOfWorkTest
class BankTest {
    private static Database db;
    private final ManagedBank bank = new ManagedBank(new Bank());

    @BeforeAll
    static void schema() throws SQLException {
        db = Database.builder("jdbc:h2:mem:bank_test;DB_CLOSE_DELAY=-1").build();
        new ManagedBank(new Bank()).createSchema(); // DDL commits on H2: outside the tests' units
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @BeforeEach
    void twoAccounts() throws SQLException {
        bank.openAccounts(2, 100); // a primary key each: a second test would fail here if the first's stayed
    }

    @Test
    void aTransferMovesTheMoneyAndIsInTheLedger(Session session) throws Exception {
        bank.transfer(1, 0, 1, 30, null);
        assertEquals(Set.of(1L), bank.ledger());
        assertEquals(70, balance(session, 0));
        assertEquals(130, balance(session, 1));
        assertEquals(200, bank.totalBalance());
    }

    @Test
    void aRefusedTransferLeavesNothingBehind(Session session) throws Exception {
        assertThrows(InsufficientFundsException.class, () -> bank.transfer(2, 0, 1, 500, null));
        assertEquals(Set.of(), bank.ledger());
        assertEquals(100, balance(session, 0));
    }

    @Test
    void aFaultHalfWayLeavesNothingBehind(Session session) throws Exception {
        assertThrows(InjectedFault.class, () -> bank.transfer(3, 1, 0, 50, new InjectedFault(3)));
        assertEquals(Set.of(), bank.ledger());
        assertEquals(100, balance(session, 1));
        assertEquals(200, bank.totalBalance());
    }

    private static long balance(Session session, int account) throws SQLException {
        try (Statement s = session.connection().createStatement();
                ResultSet rs = s.executeQuery("select balance from bank_account where id = " + account)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
