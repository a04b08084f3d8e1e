package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.faults.PrivateCluster;

/**
 * Issue 12 item 5: read routing against a real hot standby ({@code pg_basebackup -R}, streaming) of a
 * private cluster. Plain read-only units read the standby; what a standby cannot serve, such as a
 * {@code SERIALIZABLE} transaction, goes to the primary; read-write units go to the primary. Each
 * unit asks the server itself where it runs ({@code pg_is_in_recovery()}).
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamingReplicaTest {
    private static final String DB = "streaming";
    private static final String ON_STANDBY = "t";
    private static final String ON_PRIMARY = "f";
    private static PrivateCluster primary;
    private static PrivateCluster standby;

    private Database db;

    @BeforeAll
    static void startPrimaryAndStandby() {
        primary = PrivateCluster.start();
        primary.execute("create table catalog (id int primary key, note varchar(100))", "insert into catalog values (1, 'x')");
        standby = primary.streamingReplica();
    }

    @AfterAll
    static void closeCluster() {
        if (primary != null) {
            primary.close(); // and its standby
        }
    }

    @BeforeEach
    void openDatabase() {
        db = Database.builder(primary.url()).name(DB).user(PrivateCluster.USER).poolSize(2).replica(standby.url()).build();
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void plainReadOnlyUnitReadsTheStandby() throws Exception {
        Boundary browse = Boundary.builder("Catalog.browse").database(DB).readOnly(true).build();
        assertEquals(ON_STANDBY, browse.call(session -> Rows.query(session, "select pg_is_in_recovery()")));
        assertEquals("1", browse.call(session -> Rows.query(session, "select count(*) from catalog")));
        assertEquals(0, db.activeConnections());
    }

    @Test
    void readOnlySerializableUnitRunsOnThePrimary() throws Exception {
        Boundary audit = Boundary.builder("Catalog.audit").database(DB).readOnly(true).isolation(Isolation.SERIALIZABLE)
                .build();
        // a standby refuses SERIALIZABLE ("cannot use serializable mode in a hot standby"): it must go to the primary
        assertEquals(ON_PRIMARY, audit.call(session -> Rows.query(session, "select pg_is_in_recovery()")));
        assertEquals("serializable", audit.call(session -> Rows.query(session, "show transaction_isolation")));
        assertEquals(0, db.activeConnections());
    }

    @Test
    void readWriteUnitRunsOnThePrimary() throws Exception {
        Boundary edit = Boundary.builder("Catalog.edit").database(DB).build();
        assertEquals(ON_PRIMARY, edit.call(session -> {
            Rows.insert(session, "catalog", 2);
            return Rows.query(session, "select pg_is_in_recovery()");
        }));
        primary.execute("delete from catalog where id = 2");
        assertEquals(0, db.activeConnections());
    }

    @Test
    void threadThatHasJustWrittenReadsItsWriteOnThePrimary() throws Exception {
        try (Database ryw = Database.builder(primary.url()).name("streaming_ryw").user(PrivateCluster.USER).poolSize(2)
                .replica(standby.url()).readYourWrites(java.time.Duration.ofMinutes(1)).build()) {
            Boundary edit = Boundary.builder("Catalog.edit").database("streaming_ryw").build();
            Boundary browse = Boundary.builder("Catalog.browse").database("streaming_ryw").readOnly(true).build();
            edit.run(session -> Rows.insert(session, "catalog", 3));
            assertEquals(ON_PRIMARY, browse.call(session -> Rows.query(session, "select pg_is_in_recovery()")),
                    "within the read-your-writes window the writing thread reads the primary");
            assertEquals("1", browse.call(session -> Rows.query(session, "select count(*) from catalog where id = 3")));
        } finally {
            primary.execute("delete from catalog where id = 3");
        }
    }

    @Test
    void thePinIsPerThreadAndEndsWithTheWindow() throws Exception {
        try (Database ryw = Database.builder(primary.url()).name("streaming_window").user(PrivateCluster.USER)
                .poolSize(2).replica(standby.url()).readYourWrites(java.time.Duration.ofMillis(300)).build()) {
            Boundary edit = Boundary.builder("Catalog.edit").database("streaming_window").build();
            Boundary browse = Boundary.builder("Catalog.browse").database("streaming_window").readOnly(true).build();
            edit.run(session -> Rows.insert(session, "catalog", 4));
            assertEquals(ON_STANDBY, java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return browse.call(session -> Rows.query(session, "select pg_is_in_recovery()"));
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }).get(), "another thread reads the standby");
            Thread.sleep(400); // past the read-your-writes window
            assertEquals(ON_STANDBY, browse.call(session -> Rows.query(session, "select pg_is_in_recovery()")));
            assertEquals(0, ryw.activeConnections());
        } finally {
            primary.execute("delete from catalog where id = 4");
        }
    }

    @Test
    void aJoinedReadOnlyBoundaryReadsOnItsUnitsConnection() throws Exception {
        Boundary edit = Boundary.builder("Catalog.edit").database(DB).build();
        Boundary browse = Boundary.builder("Catalog.browse").database(DB).readOnly(true).build();
        assertEquals(ON_PRIMARY, edit.call(session -> browse.call(inner -> Rows.query(inner,
                "select pg_is_in_recovery()"))));
    }

    @Test
    void repeatableReadReadOnlyUnitCanReadTheStandby() throws Exception {
        // the reference: a standby serves REPEATABLE READ, so routing by isolation must not send everything to the primary
        Boundary snapshot = Boundary.builder("Catalog.snapshot").database(DB).readOnly(true)
                .isolation(Isolation.REPEATABLE_READ).build();
        assertEquals(ON_STANDBY, snapshot.call(session -> Rows.query(session, "select pg_is_in_recovery()")));
    }
}
