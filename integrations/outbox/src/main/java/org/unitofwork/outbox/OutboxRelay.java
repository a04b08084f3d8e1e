package org.unitofwork.outbox;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the committed messages of an {@link Outbox} to a broker through a {@link Transport}, on a thread
 * of its own: it leases a batch of messages (oldest first, passing over keys another relay is sending),
 * hands them to the transport, and marks them delivered once the broker has acknowledged them. While the
 * broker takes a full batch, a second thread of the relay leases the next one, so that a backlog goes out
 * without the relay waiting on the database and the broker in turn. A batch
 * the transport fails is sent again after a backoff that doubles up to a ceiling. A marking that fails (the
 * database connection lost after the broker's acknowledgement) is tried again on a new connection, up to
 * five times in all with the same backoff, before the batch is left to its lease. Whatever fails, the
 * transport or the database, with an exception or an {@link Error}, the relay counts it ({@link
 * #failures()}), logs it and goes on: its thread ends only on {@link #close()}. Once a minute it deletes
 * messages delivered longer ago than {@linkplain Builder#retainDelivered an hour}.
 *
 * <p>A commit that published wakes the relays of its outbox in the same JVM at once. On PostgreSQL a relay
 * also {@code LISTEN}s for the commits of every JVM, on a connection of its own outside the pool (opened
 * with the pool's URL and credentials), and is woken by them too. Otherwise a relay looks for work every
 * {@linkplain Builder#pollInterval poll interval}: that is how it finds messages committed by other JVMs
 * on MariaDB and H2, and the fallback on PostgreSQL while its listening connection is lost. A relay that
 * dies (its JVM killed, its database out of reach for longer than its markings are tried) holds its
 * messages only until their lease runs out; then any relay sends them: such messages may arrive twice.
 *
 * <p>Several relays, in one JVM or many, can share an outbox: on PostgreSQL and MariaDB they claim
 * batches with {@code FOR UPDATE SKIP LOCKED}, on H2 likewise, and a message is leased to one of them at
 * a time, so in the normal course each message is sent once.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long PURGE_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    // how often a batch the broker acknowledged is marked before it is left to its lease
    private static final int MARK_ATTEMPTS = 5;

    private final Outbox outbox;
    private final Transport transport;
    private final String name;
    private final int batchSize;
    private final long pollNanos;
    private final long leaseMillis;
    private final Backoff backoff;
    private final long retainMillis;
    private final DataSource dataSource;
    private final Thread thread;
    private final ExecutorService leasing;
    private final Thread listener;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;
    // leased while the previous batch was with the broker, sent by the next round; the relay's thread only
    private List<OutboxMessage> next = List.of();

    private OutboxRelay(Builder b) {
        this.outbox = b.outbox;
        this.transport = b.transport;
        this.name = b.name != null ? b.name : defaultName();
        this.batchSize = b.batchSize;
        this.pollNanos = b.pollInterval.toNanos();
        this.leaseMillis = b.lease.toMillis();
        this.backoff = new Backoff(b.firstRetry, b.maxRetry);
        this.retainMillis = b.retainDelivered.toMillis();
        this.dataSource = outbox.database().dataSource();
        this.thread = new Thread(this::loop, "unitofwork-outbox-relay " + name);
        thread.setDaemon(true);
        this.leasing = Executors.newSingleThreadExecutor(task -> {
            Thread leaser = new Thread(task, "unitofwork-outbox-relay " + name + " leasing");
            leaser.setDaemon(true);
            return leaser;
        });
        this.listener = CommitListener.thread(this, outbox, backoff);
    }

    private static String defaultName() {
        // the process, for an operator reading lease_owner; the random part tells apart relays of one process
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * The relay's name, which its thread and the leases it holds ({@code lease_owner}) carry.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * How many messages this relay has delivered and marked so since it started.
     *
     * @return the count
     */
    public long delivered() {
        return delivered.get();
    }

    /**
     * How many times a batch failed: the transport threw, or the database could not be read or written;
     * and, on PostgreSQL, how many times the relay's connection listening for commits was lost.
     *
     * @return the count
     */
    public long failures() {
        return failures.get();
    }

    /**
     * Stops the relay: it finishes the batch it is sending (waiting for the broker at most 10 seconds), gives
     * back the batch it leased to send next, and its thread ends. Messages it leased and has not marked
     * delivered otherwise (its database out of reach) go to another relay when their lease runs out. Does
     * not close the transport.
     */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        outbox.detach(this);
        LockSupport.unpark(thread);
        LockSupport.unpark(listener);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(1));
            }
            // waiting for notifications, it checks every quarter of a second whether the relay still runs
            listener.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void wake() {
        LockSupport.unpark(thread);
    }

    boolean running() {
        return running;
    }

    void failed() {
        failures.incrementAndGet();
    }

    Duration pollInterval() {
        return Duration.ofNanos(pollNanos);
    }

    private void loop() {
        int failed = 0;
        // the first round purges: a relay started after a long stop finds the table as it was left
        long purged = System.nanoTime() - PURGE_INTERVAL_NANOS - 1;
        while (running) {
            long waitNanos = pollNanos;
            try {
                if (System.nanoTime() - purged > PURGE_INTERVAL_NANOS) {
                    purged = System.nanoTime();
                    purge();
                }
                Round round = round();
                failed = 0;
                if (round == Round.FULL) {
                    continue;
                }
                if (round == Round.REFUSED) {
                    waitNanos = Math.min(pollNanos, TimeUnit.MILLISECONDS.toNanos(backoff.delayMillis(0)));
                }
            } catch (SQLException | RuntimeException | Error e) {
                // an Error too (a stack overflow in the driver, a class missing): the relay's thread must outlive
                // it, or the outbox stays undelivered with nothing to say why
                failures.incrementAndGet();
                // the batch leased to go next waits out its lease: the backoff ahead may outlast it
                next = List.of();
                long delay = backoff.delayMillis(failed++);
                log.warn("Outbox relay {} could not read or write {} ({}); trying again in {} ms", name, outbox,
                        e.getMessage(), delay, e);
                waitNanos = TimeUnit.MILLISECONDS.toNanos(delay);
            }
            // a commit's wake-up that came during the round makes this return at once: none is lost
            LockSupport.parkNanos(this, waitNanos);
        }
        leasing.shutdown();
        release();
    }

    /** Gives back the batch leased to be sent next, so that other relays need not wait out its lease. */
    private void release() {
        List<OutboxMessage> leased = next;
        next = List.of();
        if (leased.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            outbox.table(c).release(c, leased, name, System.currentTimeMillis());
        } catch (SQLException | RuntimeException | Error e) {
            failures.incrementAndGet();
            log.warn("Outbox relay {} of {} stopped and could not give back {} messages it leased, the first {} ({});"
                    + " other relays send them when their lease runs out", name, outbox, leased.size(), leased.get(0),
                    e.getMessage(), e);
        }
    }

    private enum Round { FULL, PARTIAL, REFUSED }

    private void purge() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            outbox.table(c).purgeDelivered(c, System.currentTimeMillis() - retainMillis);
        }
    }

    private Round round() throws SQLException {
        List<OutboxMessage> batch = next;
        next = List.of();
        if (batch.isEmpty()) {
            batch = claim();
        }
        if (batch.isEmpty()) {
            return Round.PARTIAL;
        }
        // a full batch may leave more behind it: lease them while the transport waits on the broker. This
        // batch's keys are leased, so the next one holds no message of them
        Future<List<OutboxMessage>> following = batch.size() == batchSize ? leasing.submit(this::claim) : null;
        try {
            return send(batch);
        } finally {
            if (following != null) {
                next = leased(following);
            }
        }
    }

    private List<OutboxMessage> claim() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return outbox.table(c).claim(c, name, batchSize, System.currentTimeMillis(), leaseMillis);
        }
    }

    /**
     * The batch leased while the previous one was sent; none when that failed, which the relay counts: the
     * next round leases again, where a database out of reach fails as it always does.
     */
    private List<OutboxMessage> leased(Future<List<OutboxMessage>> following) {
        try {
            return following.get();
        } catch (ExecutionException e) {
            failures.incrementAndGet();
            log.warn("Outbox relay {} could not lease the next messages of {} ({}); it tries again", name, outbox,
                    e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            // only close() interrupts, after 10 seconds: what the lease brings waits out its lease
            Thread.currentThread().interrupt();
        }
        return List.of();
    }

    private Round send(List<OutboxMessage> batch) throws SQLException {
        Object event = DeliveryRecording.begin();
        try {
            transport.deliver(Collections.unmodifiableList(batch));
        } catch (Exception | Error e) {
            // an Error fails the batch as an exception does: rescheduled, not held until the lease runs out.
            // An interrupt comes only from close(), which has cleared running: the loop ends after this round,
            // and the flag is not set again, or the reschedule below could not borrow a connection
            DeliveryRecording.end(event, this, outbox, batch, e);
            failures.incrementAndGet();
            OutboxMessage first = batch.get(0);
            log.warn("Outbox relay {} of {}: the transport did not deliver {} messages, the first {}, attempt {}"
                    + " ({}); they are sent again after a backoff", name, outbox, batch.size(), first,
                    first.attempt() + 1, e.toString(), e);
            try (Connection c = dataSource.getConnection()) {
                outbox.table(c).reschedule(c, batch, backoff, e.toString(), System.currentTimeMillis());
            }
            return Round.REFUSED;
        }
        DeliveryRecording.end(event, this, outbox, batch, null);
        markDelivered(batch);
        delivered.addAndGet(batch.size());
        return batch.size() == batchSize ? Round.FULL : Round.PARTIAL;
    }

    /**
     * Marks a batch the broker acknowledged, on a new connection after each failure, with backoff: the
     * connection lost between the acknowledgement and the marking (a failover, a killed session) would
     * otherwise hold the batch until its lease runs out and have it sent again.
     */
    private void markDelivered(List<OutboxMessage> batch) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                outbox.table(c).markDelivered(c, batch, System.currentTimeMillis());
                return;
            } catch (SQLException | RuntimeException e) {
                if (attempt + 1 >= MARK_ATTEMPTS || !running) {
                    // the lease runs out and the batch is sent again: a duplicate, nothing lost
                    throw e;
                }
                failures.incrementAndGet();
                long delay = backoff.delayMillis(attempt);
                log.warn("Outbox relay {} of {}: the broker acknowledged {} messages, the first {}, but marking them"
                        + " delivered failed ({}); trying again in {} ms", name, outbox, batch.size(), batch.get(0),
                        e.getMessage(), delay, e);
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
                long left;
                // a commit's wake-up unparks this thread too: waits out the whole delay unless the relay stops
                while (running && (left = until - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(this, left);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "outbox relay " + name + " of " + outbox;
    }

    /** Configures and {@linkplain #start() starts} a relay; from {@link Outbox#relay(Transport)}. */
    public static final class Builder {
        private final Outbox outbox;
        private final Transport transport;
        private String name;
        private int batchSize = 100;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration lease = Duration.ofSeconds(30);
        private Duration firstRetry = Duration.ofMillis(100);
        private Duration maxRetry = Duration.ofSeconds(30);
        private Duration retainDelivered = Duration.ofHours(1);

        Builder(Outbox outbox, Transport transport) {
            this.outbox = outbox;
            this.transport = transport;
        }

        /**
         * Names the relay, for its thread and its leases; by default the process's name and a random
         * suffix.
         *
         * @param name the name, at most 200 characters
         * @return this builder
         */
        public Builder name(String name) {
            if (name.isEmpty() || name.length() > 200) {
                throw new IllegalArgumentException("A relay's name has 1 to 200 characters: '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /**
         * How many messages the relay hands the transport at once (100 by default).
         *
         * @param batchSize at least 1
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 1000) {
                throw new IllegalArgumentException("A relay's batch size is between 1 and 1000, not " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * How often the relay looks for messages when no commit woke it (1 second by default): how long
         * a message committed by another JVM may wait on MariaDB and H2, or on PostgreSQL while the relay's
         * listening connection is lost.
         *
         * @param interval a positive duration
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = positive("poll interval", interval);
            return this;
        }

        /**
         * How long a relay holds the messages it claimed (30 seconds by default): when it dies, another
         * relay sends them after this long. Longer than any one delivery may take, or a slow delivery is
         * overtaken by a second one.
         *
         * @param lease a positive duration
         * @return this builder
         */
        public Builder lease(Duration lease) {
            this.lease = positive("lease", lease);
            return this;
        }

        /**
         * The backoff after failed deliveries, and between the attempts to mark a delivered batch: {@code
         * first} after the first failure, doubling (with jitter) up to {@code max}. 100 ms and 30 seconds by
         * default.
         *
         * @param first the delay after the first failure
         * @param max the longest delay
         * @return this builder
         */
        public Builder retryBackoff(Duration first, Duration max) {
            this.firstRetry = positive("first retry delay", first);
            this.maxRetry = positive("longest retry delay", max);
            if (max.compareTo(first) < 0) {
                throw new IllegalArgumentException("The longest retry delay " + max + " is shorter than the first "
                        + first);
            }
            return this;
        }

        /**
         * How long delivered messages stay in the table, for inspection, before the relay deletes them (1 hour
         * by default). The relay deletes once a minute; nothing reads a delivered message again.
         *
         * @param retention a positive duration
         * @return this builder
         */
        public Builder retainDelivered(Duration retention) {
            this.retainDelivered = positive("retention of delivered messages", retention);
            return this;
        }

        private static Duration positive(String what, Duration value) {
            if (Objects.requireNonNull(value, what).isNegative() || value.isZero()) {
                throw new IllegalArgumentException("A relay's " + what + " must be positive, not " + value);
            }
            return value;
        }

        /**
         * Starts the relay's thread; it runs until {@link OutboxRelay#close()}.
         *
         * @return the running relay
         */
        public OutboxRelay start() {
            OutboxRelay relay = new OutboxRelay(this);
            outbox.attach(relay);
            relay.thread.start();
            relay.listener.start();
            return relay;
        }
    }
}
