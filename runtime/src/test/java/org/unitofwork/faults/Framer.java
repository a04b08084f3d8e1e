package org.unitofwork.faults;

import java.io.IOException;
import java.util.Arrays;

/** Cuts one direction of a byte stream into complete protocol messages. Used by one thread. */
final class Framer {

    /** The length of the message at {@code at}, or -1 until enough of its header has arrived. */
    interface Length {
        int of(byte[] buffer, int at, int available);
    }

    /** Takes one complete message. */
    interface Sink {
        void accept(byte[] message) throws IOException;
    }

    private final Length length;
    private final int smallestMessage;
    private byte[] buffer = new byte[16 * 1024];
    private int size;

    Framer(Length length, int smallestMessage) {
        this.length = length;
        this.smallestMessage = smallestMessage;
    }

    /**
     * Appends {@code count} bytes of {@code data} and hands every message now complete to {@code sink},
     * in order; the length of each is asked only after the one before it was handed over, so the sink
     * may change how the next one is framed.
     */
    void feed(byte[] data, int count, Sink sink) throws IOException {
        if (size + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + count));
        }
        System.arraycopy(data, 0, buffer, size, count);
        size += count;
        int at = 0;
        for (;;) {
            int available = size - at;
            int next = length.of(buffer, at, available);
            if (next < 0 || available < next) {
                break;
            }
            if (next < smallestMessage) {
                throw new IOException("not the expected protocol: a message of " + next + " bytes");
            }
            sink.accept(Arrays.copyOfRange(buffer, at, at + next));
            at += next;
        }
        System.arraycopy(buffer, at, buffer, 0, size - at);
        size -= at;
    }
}
