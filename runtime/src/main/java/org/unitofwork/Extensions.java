package org.unitofwork;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.unitofwork.spi.ConnectionHeld;
import org.unitofwork.spi.SessionKind;
import org.unitofwork.spi.UnitEnded;
import org.unitofwork.spi.UnitObserver;

/**
 * What integrations plugged into one database ({@link org.unitofwork.spi}): the session kinds its
 * units hand out, and the observers that hear how its units go. Both are copy-on-write arrays, read
 * by every unit without a lock and changed rarely.
 */
final class Extensions {
    private final Database database;
    /** Copy-on-write, read by every unit that asks for a resource; changed rarely, under {@link #lock}. */
    private volatile SessionKind<?>[] kinds = new SessionKind<?>[0];
    /** Copy-on-write, read by every unit; changed rarely, under {@link #lock}. */
    private volatile UnitObserver[] observers = new UnitObserver[0];
    private final ReentrantLock lock = new ReentrantLock();

    Extensions(Database database) {
        this.database = database;
    }

    /** See {@link Database#register(SessionKind)}. */
    void register(SessionKind<?> kind) {
        Objects.requireNonNull(kind, "kind");
        Class<?> type = Objects.requireNonNull(kind.type(), () -> kind + ".type()");
        lock.lock();
        try {
            for (SessionKind<?> k : kinds) {
                if (k.type() == type) {
                    throw new DatabaseConfigurationException("Database '" + database.name() + "' already has a session"
                            + " kind for " + type.getName() + " (" + k + "); register one kind per type.");
                }
            }
            SessionKind<?>[] more = Arrays.copyOf(kinds, kinds.length + 1);
            more[kinds.length] = kind;
            kinds = more;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The kind registered for exactly {@code type}.
     *
     * @throws DatabaseConfigurationException when none is
     */
    @SuppressWarnings("unchecked")
    <T> SessionKind<T> kind(Class<T> type, String asker) {
        SessionKind<?>[] registered = kinds;
        for (SessionKind<?> k : registered) {
            if (k.type() == type) {
                return (SessionKind<T>) k;
            }
        }
        StringBuilder known = new StringBuilder();
        for (SessionKind<?> k : registered) {
            known.append(known.length() == 0 ? "" : ", ").append(k.type().getName());
            if (k.type().getName().equals(type.getName())) {
                known.append(" loaded by another class loader, ").append(k.type().getClassLoader());
            }
        }
        throw new DatabaseConfigurationException(asker + " asked for a " + type.getName() + ", but database '"
                + database.name() + "' has no session kind for that type (" + (known.length() == 0 ? "it has none"
                        : "it has " + known) + "). Register one with Database.register, for example through an"
                + " integration module such as unitofwork-jpa, unitofwork-jooq or unitofwork-jdbi.");
    }

    /** See {@link Database#addObserver(UnitObserver)}. */
    void addObserver(UnitObserver observer) {
        Objects.requireNonNull(observer, "observer");
        lock.lock();
        try {
            UnitObserver[] more = Arrays.copyOf(observers, observers.length + 1);
            more[observers.length] = observer;
            observers = more;
        } finally {
            lock.unlock();
        }
    }

    /** See {@link Database#removeObserver(UnitObserver)}. */
    void removeObserver(UnitObserver observer) {
        lock.lock();
        try {
            UnitObserver[] now = observers;
            for (int i = 0; i < now.length; i++) {
                if (now[i] == observer) {
                    UnitObserver[] fewer = new UnitObserver[now.length - 1];
                    System.arraycopy(now, 0, fewer, 0, i);
                    System.arraycopy(now, i + 1, fewer, i, now.length - i - 1);
                    observers = fewer;
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether units starting now must measure themselves for an observer or the debug log (JFR asks on its own). */
    boolean observed() {
        return observers.length != 0 || Unit.LOG.isDebugEnabled();
    }

    /** Tells the observers that a unit starts; never throws. */
    void unitStarted(Boundary boundary, int attempt) {
        for (UnitObserver observer : observers) {
            try {
                observer.unitStarted(boundary, attempt);
            } catch (Throwable e) {
                Unit.LOG.warn("Unit observer {} of database '{}' failed as {} started; the unit goes on",
                        observer, database.name(), boundary.name(), e);
            }
        }
    }

    /** Tells the observers that a nested boundary rolled back to its savepoint; never throws. */
    void rolledBackToSavepoint(Boundary nested, Throwable cause) {
        for (UnitObserver observer : observers) {
            try {
                observer.rolledBackToSavepoint(nested, cause);
            } catch (Throwable e) {
                Unit.LOG.warn("Unit observer {} of database '{}' failed as nested boundary {} rolled back; the unit"
                        + " goes on", observer, database.name(), nested.name(), e);
            }
        }
    }

    /** Tells the observers that a unit held its connection too long; never throws. */
    void connectionHeldTooLong(ConnectionHeld held) {
        for (UnitObserver observer : observers) {
            try {
                observer.connectionHeldTooLong(held);
            } catch (Throwable e) {
                Unit.LOG.warn("Unit observer {} of database '{}' failed on {}", observer, database.name(), held, e);
            }
        }
    }

    /** Tells the observers how a unit ended; never throws. */
    void unitEnded(UnitEnded unit) {
        for (UnitObserver observer : observers) {
            try {
                observer.unitEnded(unit);
            } catch (Throwable e) {
                Unit.LOG.warn("Unit observer {} of database '{}' failed on {}; the unit's outcome stands",
                        observer, database.name(), unit, e);
            }
        }
    }
}
