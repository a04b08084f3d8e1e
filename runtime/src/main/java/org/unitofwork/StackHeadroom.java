package org.unitofwork;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Claims stack before a call that cannot survive running out of it halfway (S2).
 *
 * <p>HikariCP's {@code getConnection} takes an entry from its pool, then may validate it on the
 * network before it hands it out; an {@code Error} in between — a stack overflow, when a unit begins
 * deep in a recursion — leaves the entry taken for good (it catches only
 * {@code InterruptedException} there), and the pool a connection short until it is closed. Using at
 * least the stack such a call needs just before it moves the overflow to where it costs nothing. No
 * allocation; paid once per unit that borrows a connection.
 */
final class StackHeadroom {
    /**
     * Frames of {@link #descend} claimed: enough for a borrow through HikariCP that validates the
     * connection on PostgreSQL or MariaDB, as {@code RealStackOverflowTest} checks (32 were not). About
     * 290 ns, which shows on an empty unit (B1) and not beside a round trip (B6).
     */
    private static final int FRAMES = 256;

    private StackHeadroom() {
    }

    /**
     * Takes a connection from {@code pool} with the stack its borrow needs claimed first: every borrow
     * of the runtime from a pool goes through here.
     */
    static Connection borrowFrom(DataSource pool) throws SQLException {
        claim();
        return pool.getConnection();
    }

    /** Throws {@link StackOverflowError} here, with nothing taken yet, when the stack is nearly used up. */
    private static void claim() {
        if (descend(FRAMES, 1, 2, 3, 4, 5) == 0) {
            throw new AssertionError("unreachable: the sum is never 0");
        }
    }

    /** Keeps five values live across each call, so that every frame holds them and the depth counts. */
    private static long descend(int frames, long a, long b, long c, long d, long e) {
        if (frames == 0) {
            return a + b + c + d + e;
        }
        long below = descend(frames - 1, b, c, d, e, a);
        return below + (a ^ b) + (c ^ d) + e;
    }
}
