package org.unitofwork.outbox;

import java.util.UUID;
import org.unitofwork.UnitOfWork;

/** A service that publishes from {@code @UnitOfWork} methods: the processor generates {@code ManagedTransfers}. */
public class Transfers {
    /** The database the wrapper's boundaries run on; the test registers it. */
    static final String DATABASE = "outbox-wrapped";

    private final Outbox outbox;

    Transfers(Outbox outbox) {
        this.outbox = outbox;
    }

    @UnitOfWork(database = DATABASE)
    public UUID transfer(String account, long amount) {
        UUID id = outbox.publish("transfers", account, account + " " + amount);
        if (amount < 0) {
            throw new IllegalArgumentException("a negative amount is refused after its event was published");
        }
        return id;
    }
}
