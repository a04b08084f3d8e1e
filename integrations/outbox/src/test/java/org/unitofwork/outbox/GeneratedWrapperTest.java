package org.unitofwork.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.Database;
import org.unitofwork.scenarios.TestDatabase;

/** Publishing from a generated wrapper's boundary: its commit delivers, its rollback takes the message back. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GeneratedWrapperTest {

    @Test
    void aWrappedMethodPublishesInItsUnit() throws Exception {
        try (Database db = TestDatabase.H2.build(Transfers.DATABASE, TestDatabase.H2.newUrl(), 2)) {
            Outbox outbox = Outbox.of(db);
            outbox.createTables();
            ManagedTransfers transfers = new ManagedTransfers(new Transfers(outbox));
            assertThrows(IllegalArgumentException.class, () -> transfers.transfer("acct-1", -5));
            UUID id = transfers.transfer("acct-1", 5);
            RecordingTransport broker = new RecordingTransport();
            try (OutboxRelay relay = outbox.relay(broker).start()) {
                List<OutboxMessage> got = broker.await(1, Duration.ofSeconds(10));
                assertEquals(id, got.get(0).id());
                assertEquals("acct-1 5", new String(got.get(0).payload(), StandardCharsets.UTF_8));
            }
            assertEquals(1, broker.received().size());
        }
    }
}
