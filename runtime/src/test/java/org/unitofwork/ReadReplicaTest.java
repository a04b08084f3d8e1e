package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.unitofwork.scenarios.TestDatabase;

/**
 * Read-only units go to the replica, except on a thread that has just written, which stays on the
 * primary for the read-your-writes window. Two PostgreSQL databases stand in for primary and replica;
 * each says which one it is, so the test sees where every unit read.
 */
class ReadReplicaTest {
    private static final TestDatabase PG = TestDatabase.POSTGRES;

    @Test
    void readOnlyUnitsReadTheReplicaUnlessTheirThreadHasJustWritten() throws Exception {
        PG.assumeAvailable();
        String primaryUrl = PG.newUrl();
        String replicaName = TestDatabase.uniqueName("uow_replica");
        String replicaUrl = primaryUrl.substring(0, primaryUrl.lastIndexOf('/') + 1) + replicaName;
        String table = TestDatabase.uniqueName("uow_where");
        try (Connection admin = PG.connect(primaryUrl); Statement s = admin.createStatement()) {
            s.execute("create database " + replicaName);
        }
        try {
            for (String url : new String[] {primaryUrl, replicaUrl}) {
                try (Connection c = PG.connect(url); Statement s = c.createStatement()) {
                    s.execute("create table " + table + " (source varchar(10))");
                    s.execute("insert into " + table + " values ('" + (url.equals(primaryUrl) ? "primary" : "replica") + "')");
                }
            }
            try (Database db = PG.builder(primaryUrl).name("replicated").poolSize(2).replica(replicaUrl)
                    .readYourWrites(Duration.ofMillis(300)).build()) {
                Boundary read = Boundary.builder("Catalog.browse").database("replicated").readOnly(true).build();
                Boundary write = Boundary.builder("Catalog.edit").database("replicated").build();

                assertEquals("replica", read.call(session -> source(session, table)));
                assertEquals("primary", write.call(session -> source(session, table)));
                assertEquals("primary", write.call(session -> read.call(inner -> source(inner, table))),
                        "a joined read-only boundary reads on its unit's connection");

                write.run(session -> {
                    try (Statement s = session.connection().createStatement()) {
                        s.executeUpdate("insert into " + table + " values ('written')");
                    }
                });
                assertEquals("primary", read.call(session -> source(session, table)),
                        "the thread that has just written must read its own write");
                assertEquals("replica", CompletableFuture.supplyAsync(() -> {
                    try {
                        return read.call(session -> source(session, table));
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }).get(), "another thread reads the replica");
                Thread.sleep(400); // past the read-your-writes window
                assertEquals("replica", read.call(session -> source(session, table)));
                assertEquals(0, db.activeConnections());
            }
        } finally {
            try (Connection admin = PG.connect(primaryUrl); Statement s = admin.createStatement()) {
                s.execute("drop table if exists " + table);
                s.execute("drop database if exists " + replicaName + " with (force)");
            }
        }
    }

    private static String source(Session session, String table) throws SQLException {
        try (Statement s = session.connection().createStatement();
                ResultSet rs = s.executeQuery("select source from " + table + " order by source limit 1")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
