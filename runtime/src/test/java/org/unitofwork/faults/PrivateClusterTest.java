package org.unitofwork.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The private cluster itself: it starts, restarts, holds commits for a standby, replicates, and goes away. */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PrivateClusterTest {
    private static PrivateCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = PrivateCluster.start();
    }

    @AfterAll
    static void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void runsOnItsOwnLoopbackPortWithDatabaseTest() {
        assertNotEquals(5432, cluster.port());
        assertEquals(String.valueOf(cluster.port()), cluster.queryValue("show port"));
        assertEquals(PrivateCluster.DATABASE, cluster.queryValue("select current_database()"));
        assertEquals("f", cluster.queryValue("select pg_is_in_recovery()"));
    }

    @Test
    void restartEndsSessionsAndKeepsData() throws Exception {
        cluster.execute("create table restarted (id int)", "insert into restarted values (1)");
        try (Connection before = cluster.connect()) {
            cluster.restart(PrivateCluster.StopMode.FAST);
            SQLException e = assertThrows(SQLException.class, () -> before.createStatement().execute("select 1"));
            assertTrue(e.getSQLState().startsWith("57P") || e.getSQLState().startsWith("08"), e.getSQLState());
        }
        assertEquals("1", cluster.queryValue("select count(*) from restarted"));
        cluster.restart(PrivateCluster.StopMode.IMMEDIATE);
        assertEquals("1", cluster.queryValue("select count(*) from restarted"), "recovered after a crash-like stop");
        assertTrue(cluster.isRunning());
    }

    @Test
    void synchronousStandbyThatNeverAnswersHoldsWritingCommits() throws Exception {
        cluster.execute("create table waiting (id int)");
        try (Connection c = cluster.connect()) {
            long pid = backendPid(c);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("insert into waiting values (1)");
            }
            cluster.synchronousStandby("never_there");
            CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
                try {
                    c.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                awaitWaitEvent(pid, "SyncRep");
                assertEquals("0", cluster.queryValue("select count(*) from waiting"), "not visible while it waits");
                assertFalse(commit.isDone());
            } finally {
                cluster.noSynchronousStandby();
            }
            commit.get(30, TimeUnit.SECONDS);
        }
        assertEquals("1", cluster.queryValue("select count(*) from waiting"));
    }

    @Test
    void streamingReplicaIsAHotStandbyThatReplays() throws Exception {
        try (PrivateCluster replica = cluster.streamingReplica()) {
            assertTrue(replica.isReplica());
            assertEquals("t", replica.queryValue("select pg_is_in_recovery()"));
            cluster.execute("create table replicated (id int)", "insert into replicated values (7)");
            replica.awaitReplayed();
            assertEquals("7", replica.queryValue("select id from replicated"));
            SQLException e = assertThrows(SQLException.class, () -> {
                try (Connection c = replica.connect(); Statement s = c.createStatement()) {
                    s.execute("insert into replicated values (8)");
                }
            });
            assertEquals("25006", e.getSQLState(), "a standby is read-only");
        }
    }

    @Test
    void closeStopsTheServerAndDeletesItsDirectory() throws Exception {
        PrivateCluster own = PrivateCluster.start();
        Path home = Path.of(own.queryValue("show data_directory")).getParent();
        String url = own.url();
        assertTrue(Files.isDirectory(home));
        own.close();
        assertFalse(Files.exists(home), "deleted: " + home);
        assertThrows(SQLException.class, () -> java.sql.DriverManager.getConnection(url, PrivateCluster.USER, "").close());
        own.close(); // idempotent
    }

    private static long backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits until the backend {@code pid} waits on {@code event}: the server's own state, no clock involved. */
    private static void awaitWaitEvent(long pid, String event) throws InterruptedException {
        while (!event.equals(cluster.queryValue("select wait_event from pg_stat_activity where pid = " + pid))) {
            Thread.sleep(20);
        }
    }
}
