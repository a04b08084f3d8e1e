package org.unitofwork;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Claims stack before a call that cannot survive running out of it halfway (S2).
 *
 * <p>A boundary ends its scope ({@code complete} or {@code failed}) from the frame that began it,
 * after the work has unwound: an overflow on entering either, before it can mark anything, would
 * leave a live unit on the thread for the next boundary to join, or a joined boundary's failure
 * unrecorded. So a boundary claims, before it begins and while nothing is registered yet, the stack
 * its end needs to reach its own error handling; its end then finds that stack again.
 *
 * <p>HikariCP's {@code getConnection} takes an entry from its pool, then may validate it on the
 * network before it hands it out; an {@code Error} in between — a stack overflow, when a unit begins
 * deep in a recursion — leaves the entry taken for good (it catches only
 * {@code InterruptedException} there), and the pool a connection short until it is closed. Making
 * sure, just before the call, that the stack it needs is there moves the overflow to where nothing
 * is taken yet.
 *
 * <p>Each check is a method of {@link StackClaim} whose frame is sized to the claim and never used:
 * entering it is the check, at the cost of a call and one store a page of the claim. The borrow's
 * size is what a borrow that validates its connection needs while the pool's and the driver's code
 * is still interpreted, where frames are largest, with a margin, as {@code RealStackOverflowTest}
 * checks. So a unit needs that much stack left to borrow, which moves the overflow at most that much
 * earlier.
 */
@GenerateStackClaim(kibibytes = {StackHeadroom.BEGIN_KIB, StackHeadroom.BORROW_KIB})
final class StackHeadroom {
    /** The stack claimed before a boundary begins: its end's entry needs far less. */
    static final int BEGIN_KIB = 8;
    /** The stack claimed before a borrow from the pool. */
    static final int BORROW_KIB = 32;

    private StackHeadroom() {
    }

    /** Claims, before a boundary begins, the stack its end will need from the same frame. */
    static void beforeBegin() {
        StackClaim.claim8KiB(0);
    }

    /**
     * Takes a connection from {@code pool} with the stack its borrow needs claimed first: every borrow
     * of the runtime from a pool goes through here.
     */
    static Connection borrowFrom(DataSource pool) throws SQLException {
        StackClaim.claim32KiB(0);
        return pool.getConnection();
    }
}
