package org.unitofwork.faults;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The wire protocols {@link FaultProxy} understands well enough to find a client's {@code COMMIT} and
 * the end of the server's answer to it. The proxy keeps the conversation in clear text: it refuses
 * encryption on the client's behalf (PostgreSQL's {@code SSLRequest} and {@code GSSENCRequest} are
 * answered {@code N}; MariaDB's greeting loses its SSL capability), so no URL needs {@code
 * sslmode=disable}.
 */
public enum WireProtocol {
    /**
     * PostgreSQL's frontend/backend protocol 3: a type byte and an int32 length per message, after an
     * untyped start-up message. A commit is a simple {@code Query} whose text is {@code COMMIT}, a
     * {@code Parse} of {@code COMMIT}, or a {@code Bind} of a statement parsed from {@code COMMIT}
     * earlier on the connection (pgJDBC prepares its {@code COMMIT} once per connection and binds the
     * named statement from then on). The answer ends with {@code ReadyForQuery}; the server's session
     * id is the process id of {@code BackendKeyData}.
     */
    POSTGRES {
        @Override
        Conversation newConversation() {
            return new PostgresConversation();
        }
    },
    /**
     * MariaDB's (and MySQL's) client/server protocol: a 3-byte length and a sequence byte per packet. A
     * commit is a {@code COM_QUERY} whose text is {@code COMMIT}; its answer is the next packet (OK or
     * ERR); the server's session id is the connection id of the server's greeting (what {@code KILL}
     * takes).
     */
    MARIADB {
        @Override
        Conversation newConversation() {
            return new MariaDbConversation();
        }
    };

    /** The state of one proxied connection's conversation: framing both ways, finding the commit. */
    abstract Conversation newConversation();

    /** What the proxy does with one complete message from the client. */
    enum ClientMessage {
        /** Forward it. */
        ORDINARY,
        /** Forward it, or not, as the armed commit fault says: it starts a {@code COMMIT}. */
        COMMIT,
        /** Answer the client {@link Conversation#encryptionRefusal()} instead of forwarding it. */
        ENCRYPTION_REQUEST
    }

    /** One connection's conversation, as far as the proxy needs to understand it. Used by two threads, one per direction. */
    abstract static class Conversation {
        /** The server's id for this session, 0 until the server said it. */
        volatile long serverSessionId;

        /** The length of the client's message at {@code at}, or -1 until enough of its header has arrived. */
        abstract int clientFrameLength(byte[] buffer, int at, int available);

        /** What {@code message}, a complete client message, is. */
        abstract ClientMessage classifyClient(byte[] message);

        /** The length of the server's message at {@code at}, or -1 until enough of its header has arrived. */
        abstract int serverFrameLength(byte[] buffer, int at, int available);

        /**
         * Looks at a complete server message (noting the session id, and perhaps changing it in place)
         * and says whether it ends the server's answer to a request.
         */
        abstract boolean inspectServer(byte[] message);

        /** What the proxy answers a client that asks for encryption. */
        byte[] encryptionRefusal() {
            return new byte[] {'N'};
        }
    }

    /** Whether {@code sql} is a {@code COMMIT} statement (not text that merely mentions the word). */
    static boolean isCommit(String sql) {
        String s = sql.stripLeading().toUpperCase(Locale.ROOT);
        return s.startsWith("COMMIT") && (s.length() == 6 || !Character.isLetterOrDigit(s.charAt(6)) && s.charAt(6) != '_');
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }

    private static final class PostgresConversation extends Conversation {
        private static final int SSL_REQUEST = 80877103;
        private static final int GSSENC_REQUEST = 80877104;
        private boolean startedUp;
        /** Named prepared statements whose text is a COMMIT: binding one commits. Client side only. */
        private final Set<String> commitStatements = new HashSet<>();

        @Override
        int clientFrameLength(byte[] buffer, int at, int available) {
            if (!startedUp) {
                return available < 4 ? -1 : int32(buffer, at); // untyped: the length comes first
            }
            return available < 5 ? -1 : 1 + int32(buffer, at + 1);
        }

        @Override
        ClientMessage classifyClient(byte[] m) {
            if (!startedUp) {
                int code = m.length >= 8 ? int32(m, 4) : 0;
                if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
                    return ClientMessage.ENCRYPTION_REQUEST;
                }
                if (code >> 16 == 3) { // StartupMessage, protocol 3.x; a CancelRequest leaves the phase as it is
                    startedUp = true;
                }
                return ClientMessage.ORDINARY;
            }
            switch (m[0]) {
                case 'Q':
                    return isCommit(cString(m, 5)) ? ClientMessage.COMMIT : ClientMessage.ORDINARY;
                case 'P': {
                    String name = cString(m, 5);
                    String query = cString(m, 5 + utf8Length(name) + 1);
                    if (!isCommit(query)) {
                        commitStatements.remove(name);
                        return ClientMessage.ORDINARY;
                    }
                    if (!name.isEmpty()) {
                        commitStatements.add(name);
                    }
                    return ClientMessage.COMMIT;
                }
                case 'B': {
                    String portal = cString(m, 5);
                    String statement = cString(m, 5 + utf8Length(portal) + 1);
                    return !statement.isEmpty() && commitStatements.contains(statement)
                            ? ClientMessage.COMMIT : ClientMessage.ORDINARY;
                }
                default:
                    return ClientMessage.ORDINARY;
            }
        }

        @Override
        int serverFrameLength(byte[] buffer, int at, int available) {
            return available < 5 ? -1 : 1 + int32(buffer, at + 1);
        }

        @Override
        boolean inspectServer(byte[] m) {
            if (m[0] == 'K' && m.length >= 9) {
                serverSessionId = int32(m, 5);
            }
            return m[0] == 'Z';
        }

        private static String cString(byte[] m, int at) {
            int end = at;
            while (end < m.length && m[end] != 0) {
                end++;
            }
            return new String(m, at, end - at, StandardCharsets.UTF_8);
        }

        private static int utf8Length(String s) {
            return s.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private static final class MariaDbConversation extends Conversation {
        private static final int HEADER = 4;
        private static final int COM_QUERY = 0x03;
        private static final int CLIENT_SSL = 0x0800;
        private boolean greeted;

        @Override
        int clientFrameLength(byte[] buffer, int at, int available) {
            return packetLength(buffer, at, available);
        }

        @Override
        ClientMessage classifyClient(byte[] m) {
            if (m.length > HEADER && (m[HEADER] & 0xff) == COM_QUERY
                    && isCommit(new String(m, HEADER + 1, m.length - HEADER - 1, StandardCharsets.UTF_8))) {
                return ClientMessage.COMMIT;
            }
            return ClientMessage.ORDINARY;
        }

        @Override
        int serverFrameLength(byte[] buffer, int at, int available) {
            return packetLength(buffer, at, available);
        }

        @Override
        boolean inspectServer(byte[] m) {
            if (!greeted) {
                greeted = true;
                readGreeting(m);
            }
            return true; // a COMMIT is answered by one OK or ERR packet
        }

        /** Notes the connection id and hides the SSL capability, so the client stays in clear text. */
        private void readGreeting(byte[] m) {
            int at = HEADER + 1; // after the protocol version byte
            while (at < m.length && m[at] != 0) {
                at++; // the server version, NUL-terminated
            }
            at++;
            if (at + 4 + 8 + 1 + 2 > m.length) {
                return;
            }
            serverSessionId = (m[at] & 0xffL) | (m[at + 1] & 0xffL) << 8 | (m[at + 2] & 0xffL) << 16
                    | (m[at + 3] & 0xffL) << 24;
            int capabilities = at + 4 + 8 + 1; // after the id, the first 8 bytes of scramble and a filler
            m[capabilities + 1] &= (byte) ~(CLIENT_SSL >> 8);
        }

        private static int packetLength(byte[] b, int at, int available) {
            if (available < HEADER) {
                return -1;
            }
            return HEADER + ((b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16);
        }
    }
}
