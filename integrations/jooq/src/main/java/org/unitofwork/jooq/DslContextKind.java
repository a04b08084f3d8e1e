package org.unitofwork.jooq;

import org.jooq.Configuration;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.TransactionProvider;
import org.unitofwork.Boundary;
import org.unitofwork.Database;
import org.unitofwork.Propagation;
import org.unitofwork.Session;
import org.unitofwork.spi.SessionKind;

/**
 * Opens each unit's {@code DSLContext}. jOOQ sends every statement as it runs, so there is nothing to
 * flush, nothing to forget after a savepoint rollback and nothing to close: the defaults of
 * {@link SessionKind} fit.
 */
final class DslContextKind implements SessionKind<DSLContext> {
    private final Database database;
    private final Configuration template;
    /** The boundary a {@code DSLContext.transaction(…)} block runs in; see {@link UnitBinding}. */
    private final Boundary transactionBoundary;

    DslContextKind(Database database, Configuration template) {
        this.database = database;
        this.template = template;
        // Read-only, so that it asks for nothing the unit lacks: it joins read-only units as well as
        // read-write ones (a read-write boundary may not join a read-only unit), and the unit's own
        // connection decides what may be written.
        this.transactionBoundary = Boundary.builder("DSLContext.transaction").database(database.name())
                .propagation(Propagation.NESTED).readOnly(true).build();
    }

    @Override
    public Class<DSLContext> type() {
        return DSLContext.class;
    }

    @Override
    public DSLContext open(Session session) {
        UnitBinding binding = new UnitBinding(session, transactionBoundary);
        return template.derive((ConnectionProvider) binding).set((TransactionProvider) binding).dsl();
    }

    @Override
    public String toString() {
        return "jOOQ DSLContext kind of database '" + database.name() + "'";
    }
}
