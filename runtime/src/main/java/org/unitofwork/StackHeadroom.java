package org.unitofwork;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Claims stack before a call that cannot survive running out of it halfway (S2).
 *
 * <p>A boundary ends its scope ({@code complete} or {@code failed}) from the frame that began it,
 * after the work has unwound: an overflow on entering either, before it can mark anything, would
 * leave a live unit on the thread for the next boundary to join. So a boundary claims the stack
 * before it begins, while nothing is registered yet; its end then finds that stack again.
 *
 * <p>HikariCP's {@code getConnection} takes an entry from its pool, then may validate it on the
 * network before it hands it out; an {@code Error} in between — a stack overflow, when a unit begins
 * deep in a recursion — leaves the entry taken for good (it catches only
 * {@code InterruptedException} there), and the pool a connection short until it is closed. Making
 * sure, just before the call, that the stack it needs is there moves the overflow to where nothing
 * is taken yet.
 *
 * <p>The check is {@link StackClaim#claim}, whose frame is sized to {@value #BYTES} bytes and never
 * touched: entering it is the check, at the cost of a call (about 3 ns once compiled). The size is
 * what a borrow that validates its connection needs while the pool's and the driver's code is still
 * interpreted, where frames are largest, with a margin, as {@code RealStackOverflowTest} checks; an
 * end's entry needs far less. So a boundary needs that much stack left to begin, which moves the
 * overflow at most that much earlier.
 */
@GenerateStackClaim(bytes = StackHeadroom.BYTES)
final class StackHeadroom {
    /** The stack a borrow from the pool is given: 64 KiB. */
    static final int BYTES = 64 * 1024;

    private StackHeadroom() {
    }

    /** Claims, before a boundary begins, the stack its end will need from the same frame. */
    static void beforeBegin() {
        StackClaim.claim(0);
    }

    /**
     * Takes a connection from {@code pool} with the stack its borrow needs claimed first: every borrow
     * of the runtime from a pool goes through here.
     */
    static Connection borrowFrom(DataSource pool) throws SQLException {
        StackClaim.claim(0);
        return pool.getConnection();
    }
}
