package org.unitofwork.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A broker in memory: keeps what it acknowledged, in arrival order, and refuses batches while told to, as
 * a broker that is down does.
 */
final class RecordingTransport implements Transport {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<OutboxMessage> received = new ArrayList<>();
    private final List<Long> arrivalNanos = new ArrayList<>();
    private volatile boolean down;
    private volatile int refused;

    void down(boolean down) {
        this.down = down;
    }

    int refused() {
        return refused;
    }

    @Override
    public void deliver(List<OutboxMessage> messages) {
        if (down) {
            refused++;
            throw new IllegalStateException("broker down");
        }
        lock.lock();
        try {
            long now = System.nanoTime();
            for (OutboxMessage m : messages) {
                received.add(m);
                arrivalNanos.add(now);
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    List<OutboxMessage> received() {
        lock.lock();
        try {
            return new ArrayList<>(received);
        } finally {
            lock.unlock();
        }
    }

    long arrivalNanos(int index) {
        lock.lock();
        try {
            return arrivalNanos.get(index);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code count} messages arrived; fails after {@code timeout}. */
    List<OutboxMessage> await(int count, Duration timeout) throws InterruptedException {
        return awaitUntil(() -> received.size() >= count, timeout, count + " messages");
    }

    private List<OutboxMessage> awaitUntil(BooleanSupplier done, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited " + timeout + " for " + what + ", got " + received.size()
                            + ": " + received);
                }
                arrived.await(left, TimeUnit.NANOSECONDS);
            }
            return new ArrayList<>(received);
        } finally {
            lock.unlock();
        }
    }
}
