package org.unitofwork.jdbi;

import org.jdbi.v3.core.Handle;
import org.unitofwork.UnitOfWork;

/** A service written against JDBI: the processor generates {@code ManagedLedger}, which injects the Handle. */
public class Ledger {
    /** The database the wrapper's boundaries run on; the test registers it. */
    static final String DATABASE = "jdbi-wrapped";

    private final String table;

    Ledger(String table) {
        this.table = table;
    }

    @UnitOfWork(database = DATABASE)
    public void post(Handle handle, int id, String note) {
        handle.execute("insert into " + table + " (id, note) values (?, ?)", id, note);
        if (note.isEmpty()) {
            throw new IllegalArgumentException("an empty note is refused after its insert ran");
        }
    }

    @UnitOfWork(database = DATABASE, readOnly = true)
    public Handle handleOf(Handle handle) {
        return handle;
    }
}
