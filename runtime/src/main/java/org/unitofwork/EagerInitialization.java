package org.unitofwork;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.invoke.MethodHandles;
import java.sql.SQLException;
import java.util.List;
import org.unitofwork.spi.ConnectionHeld;
import org.unitofwork.spi.HostUnit;
import org.unitofwork.spi.SessionKind;
import org.unitofwork.spi.UnitEnded;
import org.unitofwork.spi.UnitObserver;

/**
 * Initialises every class of the runtime, from {@link Database}'s static initialiser, before any unit
 * runs (S21): a class initialiser running on a virtual thread pins its carrier, and the first burst of
 * units would wait on it; one running deep in a recursion may overflow, and a class whose
 * initialiser failed is unusable for the life of the JVM. {@code EagerInitializationTest} fails when
 * a class is missing from this list.
 */
final class EagerInitialization {
    private EagerInitialization() {
    }

    static void run() {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        for (Class<?> type : List.of(
                ActiveUnits.class, Boundary.Builder.class, Boundary.class, BoundaryAttributes.class,
                BoundaryConfigurationException.class, CommitFailedException.class, CommitFailures.class,
                CommitOutcomeUnknownException.class, CommitResolution.class, ConnectionGuard.class,
                ConnectionSource.class, ConnectionSource.LastWrite.class, ConnectionState.class,
                ConnectionUnavailableException.class, Database.Builder.class, DatabaseConfigurationException.class,
                DatabaseRegistry.class, Deadline.class, DriverExtension.class, DriverExtension.CopyConnection.class,
                DriverExtension.View.class, Extensions.class, GenerateGuards.class, GenerateStackClaim.class,
                Guard.class, GuardedArray.class, GuardedBlob.class, GuardedCallableStatement.class, GuardedClob.class,
                GuardedConnection.class, GuardedConnection.Mode.class, GuardedConnectionException.class,
                GuardedDatabaseMetaData.class, GuardedInputStream.class, GuardedNClob.class,
                GuardedOutputStream.class, GuardedParameterMetaData.class, GuardedPreparedStatement.class,
                GuardedReader.class, GuardedRef.class, GuardedResultSet.class, GuardedResultSetMetaData.class,
                GuardedSQLXML.class, GuardedStatement.class, GuardedStruct.class, GuardedWriter.class,
                HeldTooLong.Borrowed.class, HeldTooLong.class, HookFailedException.class, Hooks.class,
                Hooks.Hook.class, HostedConnection.class, Hosting.class, Isolation.class, JoinedScope.class,
                JoinMode.class, LegacyTransactions.class, MetaDataGuard.class, NestedScope.class,
                NoActiveUnitException.class, Outcome.class, Propagation.class, PropagationException.class,
                Propagations.class, RareState.class, ResultSetGuard.class, Retries.class, RollbackOnlyException.class,
                RollbackRules.class, Scope.class, Secrets.class, Session.class, SessionAction.class,
                SessionFunction.class, SessionResources.class, StackClaim.class, StackHeadroom.class,
                StatementGuard.class, Threads.class, Unit.class, UnitCompletion.class, UnitDataSource.class,
                UnitOfWork.class, UnitOfWorkException.class, UnitRecording.class, UnitTimeoutException.class,
                WrongThreadException.class, SessionKind.class, UnitEnded.class, UnitObserver.class, HostUnit.class,
                ConnectionHeld.class)) {
            initialise(lookup, type);
        }
        // The JDK's SQLException initialises itself on first use, often where a unit fails deep in a
        // recursion: an overflow striking in that initialiser would break every SQLException, from
        // every driver, for the life of the JVM
        initialise(lookup, SQLException.class);
        // HikariCP's proxies, which every unit's first borrow touches, are the pool's: named, not linked
        for (String proxy : List.of("HikariProxyConnection", "HikariProxyStatement", "HikariProxyPreparedStatement",
                "HikariProxyCallableStatement", "HikariProxyResultSet", "HikariProxyDatabaseMetaData", "ProxyLeakTask",
                "ProxyFactory")) {
            try {
                Class.forName("com.zaxxer.hikari.pool." + proxy, true, HikariDataSource.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                // another HikariCP version names them otherwise: its classes are merely initialised later
            }
        }
    }

    private static void initialise(MethodHandles.Lookup lookup, Class<?> type) {
        try {
            lookup.ensureInitialized(type);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
