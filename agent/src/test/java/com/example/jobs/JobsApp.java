package com.example.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * A program on Quartz's JDBC job store with a HikariCP pool, as Quartz sets it up: a pair of jobs
 * booked by an operation that fails half-way, then a batch that meets a job booked already and skips
 * it. Prints what each left in the job store. Arguments: URL, user, password, table prefix. Creates
 * Quartz's tables under the prefix and drops them at the end.
 */
public final class JobsApp {
    private JobsApp() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String kind = url.startsWith("jdbc:postgresql:") ? "postgres" : url.startsWith("jdbc:mariadb:") ? "mysql_innodb"
                : "h2";
        String prefix = args[3] + "_";
        List<String> tables = createTables(url, args[1], args[2], kind, prefix);
        Scheduler scheduler = null;
        try {
            scheduler = new StdSchedulerFactory(properties(url, args[1], args[2], kind, prefix)).getScheduler();
            JobBooking booking = new JobBooking(scheduler);
            try {
                booking.bookPair("a", "b", true);
            } catch (IllegalStateException e) {
                System.out.println("failed: " + e.getMessage());
            }
            System.out.println("jobs left behind: " + jobs(scheduler));
            try {
                System.out.println("booked: " + booking.bookAll("c", "d", "c", "e"));
            } catch (RuntimeException e) {
                System.out.println("booking failed: " + e.getClass().getSimpleName());
            }
            System.out.println("jobs: " + jobs(scheduler));
        } finally {
            if (scheduler != null) {
                scheduler.shutdown();
            }
            dropTables(url, args[1], args[2], tables);
        }
    }

    private static int jobs(Scheduler scheduler) throws Exception {
        return scheduler.getJobKeys(GroupMatcher.jobGroupEquals("booking")).size();
    }

    private static Properties properties(String url, String user, String password, String kind, String prefix) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", prefix + "scheduler");
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.jobStore.class", JobStoreTX.class.getName());
        p.setProperty("org.quartz.jobStore.driverDelegateClass", kind.equals("postgres")
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.tablePrefix", prefix);
        p.setProperty("org.quartz.jobStore.dataSource", "jobs");
        p.setProperty("org.quartz.dataSource.jobs.provider", "hikaricp");
        p.setProperty("org.quartz.dataSource.jobs.driver", kind.equals("postgres") ? "org.postgresql.Driver"
                : kind.equals("h2") ? "org.h2.Driver" : "org.mariadb.jdbc.Driver");
        p.setProperty("org.quartz.dataSource.jobs.URL", url);
        p.setProperty("org.quartz.dataSource.jobs.user", user);
        p.setProperty("org.quartz.dataSource.jobs.password", password);
        p.setProperty("org.quartz.dataSource.jobs.maxConnections", "2");
        return p;
    }

    /** Quartz's own schema for the database, under the prefix; returns the tables in the order to drop them. */
    private static List<String> createTables(String url, String user, String password, String kind, String prefix)
            throws IOException, SQLException {
        String script;
        try (InputStream in = JobStoreTX.class.getResourceAsStream("tables_" + kind + ".sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\\R")) {
            if (!line.trim().startsWith("--") && !line.trim().startsWith("#")) {
                sql.append(line).append('\n');
            }
        }
        List<String> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            for (String statement : sql.toString().replace("QRTZ_", prefix).split(";")) {
                String trimmed = statement.trim();
                if (trimmed.isEmpty() || trimmed.toLowerCase(Locale.ROOT).startsWith("drop")
                        || trimmed.equalsIgnoreCase("commit")) {
                    continue;
                }
                s.execute(trimmed);
                Matcher created = Pattern.compile("(?i)create\\s+table\\s+(\\w+)").matcher(trimmed);
                if (created.find()) {
                    tables.add(0, created.group(1));
                }
            }
        }
        return tables;
    }

    /** Drops the tables, those that others refer to after those, whatever order the script created them in. */
    private static void dropTables(String url, String user, String password, List<String> tables) throws SQLException {
        List<String> left = new ArrayList<>(tables);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            for (int pass = 0; !left.isEmpty(); pass++) {
                for (String table : List.copyOf(left)) {
                    try {
                        s.execute("drop table if exists " + table);
                        left.remove(table);
                    } catch (SQLException e) {
                        if (pass >= tables.size()) {
                            throw e;
                        }
                    }
                }
            }
        }
    }
}
