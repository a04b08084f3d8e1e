package org.unitofwork.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A fault armed on a {@link FaultProxy} for the next {@code COMMIT} any client sends through it. It
 * strikes once, on the first connection whose client sends a commit after it was armed; the proxy
 * forwards every other commit untouched. The handle tells a test whether and where it struck.
 */
public abstract class CommitFault {
    private final CountDownLatch fired = new CountDownLatch(1);
    private volatile long serverSessionId;
    private volatile Throwable actionFailure;

    CommitFault() {
    }

    /** {@return whether a client has sent the commit this fault struck} */
    public boolean hasFired() {
        return fired.getCount() == 0;
    }

    /**
     * Waits until a client sends the commit this fault strikes.
     *
     * @param timeout how long to wait at most
     * @return whether it struck within {@code timeout}
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitFired(Duration timeout) throws InterruptedException {
        return fired.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** {@return the server's id of the session whose commit this fault struck; 0 before it struck} */
    public long serverSessionId() {
        return serverSessionId;
    }

    /** {@return what the fault's own action threw, or null when it ran well or has not run} */
    public Throwable actionFailure() {
        return actionFailure;
    }

    void recordActionFailure(Throwable failure) {
        actionFailure = failure;
    }

    /**
     * The client sent the commit on {@code connection}, the fault's first. Returns whether the proxy
     * forwards the commit to the server.
     */
    final boolean strike(ProxiedConnection connection) {
        serverSessionId = connection.serverSessionId();
        fired.countDown(); // before the fault acts: a client that sees the cut may ask at once whether it fired
        return onCommit(connection);
    }

    /** What the fault does to the commit message; returns whether to forward it. */
    abstract boolean onCommit(ProxiedConnection connection);

    /** Whether the server's answer to the forwarded commit goes through {@link #onServerMessage}. */
    boolean watchesAnswer() {
        return true;
    }

    /**
     * A message of the server's, once the commit was forwarded, while the fault is the connection's
     * pending one. Called with the connection's lock on the client direction held.
     *
     * @param endsReply whether the message completes the server's answer to the commit
     */
    abstract void onServerMessage(ProxiedConnection connection, byte[] message, boolean endsReply) throws IOException;

    /** Cuts the connection before the commit reaches the server: the server never sees it. */
    static final class CutBefore extends CommitFault {
        @Override
        boolean onCommit(ProxiedConnection connection) {
            connection.close();
            return false;
        }

        @Override
        void onServerMessage(ProxiedConnection connection, byte[] message, boolean endsReply) {
            throw new IllegalStateException("a commit cut before it was sent cannot be answered");
        }
    }

    /**
     * Forwards the commit, drops the server's answer, runs the action (if any), forwards what the
     * server says after that until it closes the session, and cuts.
     */
    static final class CutAfter extends CommitFault {
        private final ServerSessionAction beforeCut;

        CutAfter(ServerSessionAction beforeCut) {
            this.beforeCut = beforeCut;
        }

        @Override
        boolean onCommit(ProxiedConnection connection) {
            return true;
        }

        @Override
        void onServerMessage(ProxiedConnection connection, byte[] message, boolean endsReply) throws IOException {
            if (!endsReply) {
                return; // dropped: part of the answer the client never gets
            }
            if (beforeCut == null) {
                connection.close();
                return;
            }
            try {
                beforeCut.run(connection.serverSessionId());
            } catch (Exception | AssertionError e) {
                recordActionFailure(e);
                connection.close();
                return;
            }
            connection.forwardFarewell();
        }
    }
}
