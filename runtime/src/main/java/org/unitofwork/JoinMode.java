package org.unitofwork;

/**
 * What a legacy transaction becomes inside a unit of work: the join mode of an
 * {@linkplain Database#adopt(String, javax.sql.DataSource, JoinMode) adopted} data source, whose
 * code commits and rolls back by hand on the connections it takes from it. A legacy transaction runs
 * from its first statement after {@code setAutoCommit(false)}, or after its previous
 * {@code commit()} or {@code rollback()}, to its own {@code commit()} or {@code rollback()}. In both
 * modes its {@code commit()} leaves the commit to the unit, which commits when its outermost boundary
 * returns, and the unit rolls back everything when its boundary throws.
 *
 * <p>As SQLAlchemy's {@code join_transaction_mode} chooses for a session joining an outer
 * transaction.
 */
public enum JoinMode {
    /**
     * Each legacy transaction runs on a savepoint of the unit, set before its first statement: its
     * {@code rollback()} rolls back to that savepoint and the unit goes on, so legacy code that
     * catches a failure, rolls back and carries on keeps working as it did without units; its
     * {@code commit()} releases the savepoint. Costs two round trips per legacy transaction; needs
     * a driver with savepoints. The default.
     */
    SAVEPOINT,
    /**
     * A legacy {@code rollback()} dooms the unit: it rolls back when it ends, and if its boundary
     * returns normally it throws {@link RollbackOnlyException}, whose message says that legacy code
     * rolled back. Nothing is sent for the legacy transaction's own boundaries.
     */
    ROLLBACK_ONLY
}
