package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.unitofwork.faults.PrivateCluster;
import org.unitofwork.faults.PrivateCluster.StopMode;

/**
 * S4: a commit's outcome resolved after the server restarted more than once. A crash loses a
 * transaction whose records never reached the disk, and the next server hands its id to another
 * transaction, which commits; a clean restart after that leaves a checkpoint that looks as if the id
 * survived. The lost transaction must not be reported committed. On a private cluster, since the
 * shared server must never be restarted.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CommitResolutionAcrossRestartsTest {
    private static PrivateCluster cluster;

    @BeforeAll
    static void start() {
        cluster = PrivateCluster.start();
        // the WAL writer would otherwise write the lost transaction's records within 200 ms
        cluster.execute("alter system set wal_writer_delay = '10s'", "select pg_reload_conf()");
        cluster.execute("create table lost (id int primary key)");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aTransactionLostInACrashIsNotReportedCommittedWhenItsIdWasReusedBeforeACleanRestart() throws Exception {
        CommitResolution lost;
        long lostId;
        try (Connection c = cluster.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("insert into lost values (1)");
            }
            lost = CommitResolution.capture(c);
            lostId = Long.parseLong(lost.toString().split(" ")[1]);
            cluster.restart(StopMode.IMMEDIATE); // its records were still in the server's memory
        } catch (java.sql.SQLException connectionGone) {
            throw new AssertionError("the capture must come before the crash", connectionGone);
        }
        long reused = -1;
        try (Connection c = cluster.connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < 1_000 && reused < lostId; i++) {
                try (ResultSet rs = s.executeQuery("select pg_current_xact_id()::text")) {
                    rs.next();
                    reused = Long.parseLong(rs.getString(1)); // each in a transaction of its own, committed
                }
            }
        }
        assertEquals(lostId, reused, "the crashed server's successor handed the lost transaction's id out again");
        cluster.restart(StopMode.FAST);

        try (Database db = Database.builder(cluster.url()).name("resolved-across-restarts").user(PrivateCluster.USER)
                .poolSize(1).build()) {
            assertNotEquals(Outcome.COMMITTED, lost.resolve(db, 10_000),
                    "the id's status is another transaction's: the lost one never committed");
        }
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from lost")) {
            rs.next();
            assertFalse(rs.getInt(1) > 0, "the lost transaction's row is not there");
        }
    }
}
