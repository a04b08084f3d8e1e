package org.unitofwork;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps credentials out of messages: JDBC URLs and driver messages are redacted before use. */
final class Secrets {
    private static final String MASK = "****";
    /** {@code password=…} or {@code pwd=…} parameters, as PostgreSQL, MariaDB, H2 and others write them. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)((?:password|pwd)=)[^&;?#]*");
    /** {@code //user:secret@host} user information. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@;?#]*:)[^/@;?#]*@");
    /** Oracle's {@code jdbc:oracle:thin:user/secret@host}. */
    private static final Pattern ORACLE_CREDENTIALS = Pattern.compile("(:thin:[^/@:;?#]*/)[^@]*@");

    /** For a database whose credentials the library never saw (an adopted data source). */
    static final Secrets NONE = new Secrets("", null);

    private final String password;
    private final String urlPassword;

    Secrets(String jdbcUrl, String password) {
        this.password = password == null || password.isEmpty() ? null : password;
        Matcher m = URL_PASSWORD.matcher(jdbcUrl);
        this.urlPassword = m.find() && m.end() > m.end(1) ? jdbcUrl.substring(m.end(1), m.end()) : null;
    }

    /** The URL without the passwords it carries. */
    static String redactUrl(String jdbcUrl) {
        String redacted = URL_PASSWORD.matcher(jdbcUrl).replaceAll("$1" + MASK);
        redacted = USER_INFO.matcher(redacted).replaceAll("$1" + MASK + "@");
        return ORACLE_CREDENTIALS.matcher(redacted).replaceAll("$1" + MASK + "@");
    }

    String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = redactUrl(text);
        if (password != null) {
            redacted = redacted.replace(password, MASK);
        }
        if (urlPassword != null) {
            redacted = redacted.replace(urlPassword, MASK);
        }
        return redacted;
    }

    /**
     * {@code failure} itself when no message in its chain reveals a secret; otherwise a copy of the
     * chain with redacted messages and the original stack traces.
     */
    Throwable redact(Throwable failure) {
        if (!reveals(failure)) {
            return failure;
        }
        Throwable cause = failure.getCause() == null || failure.getCause() == failure ? null : redact(failure.getCause());
        UnitOfWorkException copy = new UnitOfWorkException(failure.getClass().getName() + ": "
                + redact(failure.getMessage()), cause);
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }

    private boolean reveals(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            String message = t.getMessage();
            if (message != null && !message.equals(redact(message))) {
                return true;
            }
        }
        return false;
    }
}
