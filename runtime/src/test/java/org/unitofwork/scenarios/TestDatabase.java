package org.unitofwork.scenarios;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.unitofwork.Database;

/**
 * The databases tests run on: embedded H2, and the PostgreSQL and MariaDB servers of every
 * development and CI machine. A test on an absent server is skipped with a message, unless the
 * environment variable {@value #REQUIRE_SWITCH} is {@code true} (as in CI), which makes it fail.
 */
public enum TestDatabase {
    H2(null, "sa", ""),
    POSTGRES("jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""),
    MARIADB("jdbc:mariadb://127.0.0.1:3306/test", "root", "");

    /** Environment variable that turns a skip for an absent server into a failure. */
    public static final String REQUIRE_SWITCH = "UNITOFWORK_REQUIRE_DATABASES";

    private final String serverUrl;
    private final String user;
    private final String password;

    TestDatabase(String serverUrl, String user, String password) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * A fresh place to work in: a new in-memory database for H2, the shared {@code test} database for
     * the servers (where tests isolate themselves with {@link #uniqueName(String)} tables).
     */
    public String newUrl() {
        return this == H2 ? "jdbc:h2:mem:" + uniqueName("uow") + ";DB_CLOSE_DELAY=-1" : serverUrl;
    }

    /** A name no other run on the shared servers uses: {@code prefix_} and random letters. */
    public static String uniqueName(String prefix) {
        StringBuilder name = new StringBuilder(prefix).append('_');
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 10; i++) {
            name.append((char) ('a' + random.nextInt(26)));
        }
        return name.toString().toLowerCase(Locale.ROOT);
    }

    /** Skips the calling test (or fails it, in CI) when this database cannot be reached. */
    public void assumeAvailable() {
        if (this == H2) {
            return;
        }
        try (Connection c = DriverManager.getConnection(serverUrl, user, password)) {
            c.isValid(2);
        } catch (SQLException e) {
            String message = name() + " is not reachable at " + serverUrl + " (" + e.getMessage() + ")";
            if (Boolean.parseBoolean(System.getenv(REQUIRE_SWITCH))) {
                Assertions.fail(message + "; " + REQUIRE_SWITCH + "=true makes this a failure. Start the server.");
            }
            Assumptions.abort(message + ": skipping. Set " + REQUIRE_SWITCH + "=true to make this a failure.");
        }
    }

    /** Builds and registers a {@link Database} on {@code url} under {@code name}. */
    public Database build(String name, String url, int poolSize) {
        return builder(url).name(name).poolSize(poolSize).build();
    }

    /** A builder for {@code url} with this database's credentials, for tests that set more. */
    public Database.Builder builder(String url) {
        return Database.builder(url).user(user).password(password);
    }

    /** A connection outside any pool or unit, in auto-commit mode: an independent observer. */
    public Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** The server's id of the session behind {@code connection}: tells physical connections apart. */
    public long sessionId(Connection connection) throws SQLException {
        String query = this == H2 ? "select session_id()" : this == POSTGRES ? "select pg_backend_pid()"
                : "select connection_id()";
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Ends a session from the server's side, as an administrator or a failover would. */
    public void kill(String url, long sessionId) throws SQLException {
        String command = this == H2 ? "call abort_session(" + sessionId + ")"
                : this == POSTGRES ? "select pg_terminate_backend(" + sessionId + ")" : "kill " + sessionId;
        try (Connection admin = connect(url); Statement s = admin.createStatement()) {
            s.execute(command);
        }
    }

    /** A query that runs for several seconds unless it is cancelled. */
    public String slowQuery() {
        return this == H2 ? "select count(*) from system_range(1, 2000000000) where mod(x, 7) = 3"
                : this == POSTGRES ? "select pg_sleep(5)" : "select sleep(5)";
    }

    /** Creates {@code table (id int primary key, note varchar(100))}. */
    public void createTable(String url, String table) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute("create table " + table + " (id int primary key, note varchar(100))");
        }
    }

    public void dropTable(String url, String table) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute("drop table if exists " + table);
        }
    }
}
