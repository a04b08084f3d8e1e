package com.example;

import java.sql.SQLException;
import javax.annotation.processing.Generated;
import org.unitofwork.Boundary;
import org.unitofwork.Scope;

/**
 * Runs the {@code @UnitOfWork} methods of {@link Reports} inside their boundaries, supplying the
 * parameter their unit provides (its session, connection or session kind). Generated from {@code Reports}; do not edit.
 */
@Generated("org.unitofwork.processor.UnitOfWorkProcessor")
public final class ManagedReports {
    private static final Boundary COUNT = Boundary.builder("Reports.count(Connection,String)")
            .readOnly(true)
            .timeoutSeconds(30)
            .build();

    private static final Boundary PURGE = Boundary.builder("Reports.purge(Connection)").build();

    private ManagedReports() {
        // every method is static: nothing to instantiate
    }

    /**
     * Calls {@code Reports.count(Connection,String)} inside its boundary.
     */
    public static int count(String table) throws SQLException {
        Scope scope = COUNT.begin();
        for (;;) {
            try {
                int result = Reports.count(scope.connection(), table);
                scope.complete();
                return result;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }

    /**
     * Calls {@code Reports.purge(Connection)} inside its boundary.
     */
    static void purge() throws SQLException {
        Scope scope = PURGE.begin();
        for (;;) {
            try {
                Reports.purge(scope.connection());
                scope.complete();
                return;
            } catch (Throwable failure) {
                // re-throws the failure itself, or returns the scope of the next attempt of a retry
                scope = scope.failed(failure);
            }
        }
    }
}
