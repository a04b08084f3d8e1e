package org.unitofwork.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.unitofwork.Database;
import org.unitofwork.Session;
import org.unitofwork.scenarios.TestDatabase;

/**
 * {@link UnitOfWorkFilter} in a real servlet container on PostgreSQL, which, unlike H2, refuses writes
 * in a read-only transaction. Skipped when the server is absent, failed instead with
 * {@code UNITOFWORK_REQUIRE_DATABASES=true}.
 */
class PostgresUnitOfWorkFilterTest {
    private static final TestDatabase POSTGRES = TestDatabase.POSTGRES;

    private String url;
    private String table;
    private Database db;
    private WebApp app;

    @BeforeEach
    void setUp() throws Exception {
        POSTGRES.assumeAvailable();
        url = POSTGRES.newUrl();
        table = TestDatabase.uniqueName("web");
        POSTGRES.createTable(url, table);
        // one connection: a read-only flag left on it would reach the next request
        db = POSTGRES.builder(url).name(TestDatabase.uniqueName("web")).poolSize(1)
                .configure(c -> c.setConnectionTimeout(2_000)).build();
        app = new WebApp(db).filter(UnitOfWorkFilter.builder().database(db.name()).build())
                .servlet("/items/*", (request, response) -> {
                    Connection c = Session.current(db.name()).connection();
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("insert into " + table + " values (" + request.getIntHeader("X-Id") + ", 'web')");
                    }
                    if (request.getPathInfo() != null && request.getPathInfo().equals("/fail")) {
                        throw new IllegalStateException("refused after the insert");
                    }
                    response.getWriter().print("readOnly=" + c.isReadOnly());
                })
                .start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.close();
        }
        if (db != null) {
            db.close();
        }
        if (table != null) {
            POSTGRES.dropTable(url, table);
        }
    }

    private void send(String method, String path, int id, int expectedStatus) throws Exception {
        assertEquals(expectedStatus, app.send(app.requestBuilder(method, path).header("X-Id", String.valueOf(id)).build())
                .statusCode(), method + " " + path);
    }

    private int rows() throws SQLException {
        try (Connection c = POSTGRES.connect(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void commitsWhenTheServletReturnsAndRollsBackWhenItThrows() throws Exception {
        send("POST", "/items", 1, 200);
        send("POST", "/items/fail", 2, 500);

        assertEquals(1, rows());
        assertInstanceOf(IllegalStateException.class, app.lastObservation().thrown());
    }

    @Test
    void theDatabaseRefusesAWriteInAGetAndTheNextRequestWritesOnTheSameConnection() throws Exception {
        send("GET", "/items", 1, 500);
        Throwable refused = app.lastObservation().thrown();
        assertInstanceOf(SQLException.class, refused);
        assertEquals("25006", ((SQLException) refused).getSQLState(), "read_only_sql_transaction: " + refused);
        assertEquals(0, rows());

        send("POST", "/items", 2, 200);
        assertEquals(1, rows(), "the connection must be read-write again for the next request");
        assertNull(app.lastObservation().thrown());
    }
}
