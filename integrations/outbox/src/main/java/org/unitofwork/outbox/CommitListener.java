package org.unitofwork.outbox;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes a relay on PostgreSQL when a unit that published to its outbox commits, in whatever JVM: the
 * publishing statement notifies the outbox's channel in the unit's transaction, so the notification comes
 * at commit and never for a unit that rolls back, and this {@code LISTEN}s on a connection of its own,
 * opened with the pool's URL and credentials, outside the pool and any unit. Each time it starts listening
 * it wakes the relay once, for what committed while it did not listen. When its connection fails it opens
 * another after a backoff; meanwhile the relay polls, as it does on the other databases.
 */
final class CommitListener implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(CommitListener.class);
    // how often a listener waiting for notifications checks that its relay still runs
    private static final int WAIT_MILLIS = 250;

    private final OutboxRelay relay;
    private final Outbox outbox;
    private final Backoff backoff;
    private int failed;

    private CommitListener(OutboxRelay relay, Outbox outbox, Backoff backoff) {
        this.relay = relay;
        this.outbox = outbox;
        this.backoff = backoff;
    }

    /** The thread that listens for {@code relay}, not started; it ends at once unless the outbox is on PostgreSQL. */
    static Thread thread(OutboxRelay relay, Outbox outbox, Backoff backoff) {
        Thread thread = new Thread(new CommitListener(relay, outbox, backoff), "unitofwork-outbox-listener "
                + relay.name());
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void run() {
        if (!onPostgres()) {
            return;
        }
        while (relay.running()) {
            try {
                if (!listen()) {
                    return;
                }
            } catch (SQLException | RuntimeException | Error e) {
                // an Error too: the relay must not lose its wake-ups for good, nor silently
                if (!relay.running()) {
                    return;
                }
                long delay = backoff.delayMillis(failed++);
                relay.failed();
                log.warn("Outbox relay {} of {} stopped listening for commits ({}); it listens again in {} ms and"
                        + " polls meanwhile", relay.name(), outbox, e.toString(), delay, e);
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(delay));
            }
        }
    }

    /**
     * Whether the outbox is on PostgreSQL; asks again after each poll interval while the database cannot be
     * reached, which the relay's own rounds report.
     */
    private boolean onPostgres() {
        while (relay.running()) {
            try (Connection c = outbox.database().dataSource().getConnection()) {
                return outbox.table(c).dialect() == Dialect.POSTGRESQL;
            } catch (SQLException | RuntimeException | Error e) {
                LockSupport.parkNanos(this, relay.pollInterval().toNanos());
            }
        }
        return false;
    }

    /** Listens until the relay closes; returns false at once when the pool's URL is unknown. */
    private boolean listen() throws SQLException {
        DataSource dataSource = outbox.database().dataSource();
        HikariConfig pool = dataSource.isWrapperFor(HikariConfig.class) ? dataSource.unwrap(HikariConfig.class) : null;
        if (pool == null || pool.getJdbcUrl() == null) {
            log.info("Outbox relay {} of {} polls every {}: its database's pool is not one whose URL it can listen"
                    + " on for commits", relay.name(), outbox, relay.pollInterval());
            return false;
        }
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        try (Connection c = DriverManager.getConnection(pool.getJdbcUrl(), properties)) {
            try (Statement s = c.createStatement()) {
                s.execute("listen \"" + outbox.table() + "\"");
            }
            failed = 0;
            relay.wake();
            PGConnection listening = c.unwrap(PGConnection.class);
            while (relay.running()) {
                PGNotification[] notifications = listening.getNotifications(WAIT_MILLIS);
                if (notifications != null && notifications.length > 0) {
                    relay.wake();
                }
            }
        }
        return true;
    }
}
