package org.unitofwork.jooq;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.unquotedName;

import org.jooq.DSLContext;
import org.unitofwork.UnitOfWork;

/** A service written against jOOQ: the processor generates {@code ManagedNotebook}, which injects the DSLContext. */
public class Notebook {
    /** The database the wrapper's boundaries run on; the test registers it. */
    static final String DATABASE = "jooq-wrapped";

    private final String table;

    Notebook(String table) {
        this.table = table;
    }

    @UnitOfWork(database = DATABASE)
    public void write(DSLContext dsl, int id, String note) {
        dsl.insertInto(table(unquotedName(table)), field(unquotedName("id")), field(unquotedName("note")))
                .values(id, note).execute();
        if (note.isEmpty()) {
            throw new IllegalArgumentException("an empty note is refused after its insert ran");
        }
    }

    @UnitOfWork(database = DATABASE, readOnly = true)
    public DSLContext dslOf(DSLContext dsl) {
        return dsl;
    }
}
