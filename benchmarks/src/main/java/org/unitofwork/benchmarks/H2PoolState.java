package org.unitofwork.benchmarks;

import java.sql.SQLException;
import java.util.UUID;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** A {@link PoolState} on a fresh H2 in-memory database (dropped when the pool closes), with the default pool of 10 connections. */
@State(Scope.Benchmark)
public class H2PoolState extends PoolState {

    /** Opens the database. */
    @Setup(Level.Trial)
    public void openH2() throws SQLException {
        open("jdbc:h2:mem:benchmarks_" + UUID.randomUUID(), "sa", "", 10);
    }
}
