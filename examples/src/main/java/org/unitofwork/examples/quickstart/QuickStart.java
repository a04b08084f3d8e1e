package org.unitofwork.examples.quickstart;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.unitofwork.Database;
import org.unitofwork.Session;

/**
 * The programmatic API in one program: several threads move money between accounts, one unit of
 * work per transfer; a transfer that would overdraw an account fails half-way and leaves nothing
 * behind. At the end the program checks that no money appeared or vanished and no connection is
 * still borrowed, and exits with status 1 if either check fails.
 *
 * <p>Arguments: {@code [jdbcUrl [user [password]]]}; embedded H2 when none are given.
 */
public final class QuickStart {
    private static final int ACCOUNTS = 10;
    private static final long OPENING_BALANCE = 1_000;
    private static final int THREADS = 4;
    private static final int TRANSFERS_PER_THREAD = 250;

    private QuickStart() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:h2:mem:quickstart;DB_CLOSE_DELAY=-1";
        Database.Builder builder = Database.builder(url).poolSize(THREADS);
        if (args.length > 1) {
            builder.user(args[1]);
        }
        if (args.length > 2) {
            builder.password(args[2]);
        }
        boolean held;
        try (Database db = builder.build()) {
            held = run(db);
        }
        if (!held) {
            System.exit(1);
        }
    }

    /** Runs the transfers and reports; returns whether the invariants held. */
    static boolean run(Database db) throws Exception {
        String table = "quickstart_account";
        db.run(session -> {
            try (Statement s = session.connection().createStatement()) {
                s.execute("drop table if exists " + table);
                s.execute("create table " + table + " (id int primary key, balance bigint not null)");
            }
            for (int id = 0; id < ACCOUNTS; id++) {
                update(session, "insert into " + table + " (id, balance) values (?, ?)", id, OPENING_BALANCE);
            }
        });

        AtomicInteger committed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < TRANSFERS_PER_THREAD; i++) {
                    int from = random.nextInt(ACCOUNTS);
                    int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                    long amount = 1 + random.nextInt(400);
                    try {
                        db.run(session -> transfer(table, from, to, amount));
                        committed.incrementAndGet();
                    } catch (InsufficientFundsException e) {
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }

        long total = db.call(session -> {
            try (Statement s = session.connection().createStatement();
                    ResultSet rs = s.executeQuery("select sum(balance) from " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
        boolean conserved = total == ACCOUNTS * OPENING_BALANCE;
        boolean released = db.activeConnections() == 0;
        System.out.printf("%d transfers committed, %d refused and rolled back%n", committed.get(), refused.get());
        System.out.printf("money conserved: %s (%d)%n", conserved ? "yes" : "NO", total);
        System.out.printf("connections still borrowed: %d%n", db.activeConnections());
        System.out.println(conserved && released ? "invariants held" : "INVARIANTS BROKEN");
        return conserved && released;
    }

    /**
     * Writes both sides before it checks the balance, so a refused transfer has already written:
     * only the rollback keeps the books right. The code joins the unit through {@link
     * Session#current()}. Rows are updated in id order, so that two transfers never deadlock.
     */
    private static void transfer(String table, int from, int to, long amount)
            throws SQLException, InsufficientFundsException {
        Session session = Session.current();
        String change = "update " + table + " set balance = balance + ? where id = ?";
        if (from < to) {
            update(session, change, -amount, from);
            update(session, change, amount, to);
        } else {
            update(session, change, amount, to);
            update(session, change, -amount, from);
        }
        try (PreparedStatement s = session.connection().prepareStatement("select balance from " + table + " where id = ?")) {
            s.setInt(1, from);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getLong(1) < 0) {
                    throw new InsufficientFundsException(from, amount);
                }
            }
        }
    }

    private static void update(Session session, String sql, long first, long second) throws SQLException {
        Connection c = session.connection();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, first);
            s.setLong(2, second);
            s.executeUpdate();
        }
    }

    /** A business failure: the unit rolls back and the exception reaches the caller unchanged. */
    static final class InsufficientFundsException extends Exception {
        private static final long serialVersionUID = 1L;

        InsufficientFundsException(int account, long amount) {
            super("account " + account + " cannot pay " + amount);
        }
    }
}
