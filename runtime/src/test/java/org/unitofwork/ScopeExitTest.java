package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Scope#exit}: the protocol for code woven around a method body that already ended. */
class ScopeExitTest {
    private Database db;

    @BeforeEach
    void open() throws Exception {
        db = Database.builder("jdbc:h2:mem:exit").name("exit").poolSize(1).build();
        db.run(s -> s.connection().createStatement().execute("create table t (id int)"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private final Boundary boundary = Boundary.builder("Woven.method()").database("exit").retries(1).build();

    @Test
    void aNormalReturnCompletes() throws Exception {
        Scope scope = boundary.begin();
        scope.connection().createStatement().executeUpdate("insert into t values (1)");
        assertNull(scope.exit(null));
        assertEquals(1, rows());
    }

    @Test
    void aFailureIsRethrownAsItIs() throws Exception {
        Scope scope = boundary.begin();
        scope.connection().createStatement().executeUpdate("insert into t values (1)");
        IllegalStateException failure = new IllegalStateException("boom");
        assertSame(failure, assertThrows(IllegalStateException.class, () -> scope.exit(failure)));
        assertEquals(0, rows());
    }

    @Test
    void aTransientFailureAsksForARetryWithTheNextScope() throws Exception {
        Scope scope = boundary.begin();
        Scope next = scope.exit(new SQLException("serialization failure", "40001"));
        assertNotNull(next);
        next.connection().createStatement().executeUpdate("insert into t values (2)");
        assertNull(next.exit(null));
        assertEquals(1, rows());
    }

    private int rows() throws Exception {
        return db.call(s -> {
            try (ResultSet rs = s.connection().createStatement().executeQuery("select count(*) from t")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
