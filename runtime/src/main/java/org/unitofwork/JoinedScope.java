package org.unitofwork;

/**
 * The scope of a boundary that joined the unit already active on its thread. One instance per
 * {@link Boundary}, shared by all threads: it holds no per-call state and finds the unit through the
 * database's thread registry, so joining allocates nothing.
 */
final class JoinedScope extends Scope {
    private final Boundary boundary;

    JoinedScope(Boundary boundary) {
        this.boundary = boundary;
    }

    @Override
    public Session session() {
        return boundary.lastDatabase().units.current();
    }

    @Override
    public void complete() {
        // S5: the unit that was joined decides how it ends; a joined boundary only reports failures.
    }

    @Override
    public Scope failed(Throwable failure) {
        Unit unit = boundary.lastDatabase().units.active(); // the unit it joined; looking it up could throw
        // S6: a joined boundary never rolls back itself; it dooms the unit it joined (S10: unless noRollbackFor)
        if (unit != null && unit.isTransactional() && boundary.rollsBackOn(failure)) {
            unit.markRollbackOnly(boundary, failure);
        }
        throw rethrow(failure);
    }
}
