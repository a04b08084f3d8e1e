package org.unitofwork.outbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a message waits before its next delivery after {@code attempt} failed ones: doubling from the
 * first delay up to the ceiling, with jitter, so that relays coming back together do not knock on a
 * recovering broker all at once.
 */
final class Backoff {
    private final long firstMillis;
    private final long maxMillis;

    Backoff(Duration first, Duration max) {
        this.firstMillis = first.toMillis();
        this.maxMillis = max.toMillis();
    }

    long delayMillis(int attempt) {
        long ceiling = firstMillis << Math.min(attempt, 30);
        long delay = ceiling <= 0 || ceiling > maxMillis ? maxMillis : ceiling;
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }
}
