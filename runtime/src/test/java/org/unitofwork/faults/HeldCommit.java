package org.unitofwork.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A commit whose answer the proxy holds back: the server has the {@code COMMIT} and executes it, the
 * client waits for an answer that does not come until the test {@linkplain #release() releases} or
 * {@linkplain #cut() cuts} it. Made by {@link FaultProxy#holdNextCommitReply()}.
 */
public final class HeldCommit extends CommitFault {
    private final CountDownLatch answered = new CountDownLatch(1);
    private final List<byte[]> held = new ArrayList<>();
    private ProxiedConnection connection;
    private boolean ended;

    HeldCommit() {
    }

    /**
     * Waits until the server has answered the held commit (it has executed it; the answer is held).
     *
     * @param timeout how long to wait at most
     * @return whether the server answered within {@code timeout}
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitAnswered(Duration timeout) throws InterruptedException {
        return answered.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Hands the client the answer held so far and lets the connection run on as usual. Harmless
     * before the fault struck (it then never holds anything) and after the connection has closed.
     *
     * @throws IOException when the client can no longer be written to
     */
    public void release() throws IOException {
        ProxiedConnection c;
        synchronized (this) {
            ended = true;
            c = connection;
        }
        if (c != null) {
            c.releaseHeld(this);
        }
    }

    /** Drops the held answer and closes both sides of the connection. */
    public void cut() {
        ProxiedConnection c;
        synchronized (this) {
            ended = true;
            c = connection;
        }
        if (c != null) {
            c.close();
        }
    }

    @Override
    boolean onCommit(ProxiedConnection c) {
        synchronized (this) {
            connection = c;
        }
        return true;
    }

    @Override
    synchronized boolean watchesAnswer() {
        return !ended; // released or cut before it struck: nothing to hold
    }

    @Override
    void onServerMessage(ProxiedConnection c, byte[] message, boolean endsReply) throws IOException {
        held.add(message);
        if (endsReply) {
            answered.countDown();
        }
    }

    /** The messages held so far, taken out; called by the connection under its client-direction lock. */
    List<byte[]> takeHeld() {
        List<byte[]> taken = new ArrayList<>(held);
        held.clear();
        return taken;
    }
}
