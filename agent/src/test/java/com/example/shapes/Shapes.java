package com.example.shapes;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.unitofwork.Session;
import org.unitofwork.UnitOfWork;

/**
 * Methods of many shapes, each a unit on database {@code shapes}, compiled without the processor:
 * the agent weaves them and the JVM verifies them as they load. Each says whether it ran in a unit.
 */
public class Shapes {
    /** How many times {@link #retried} ran. */
    public int attempts;
    private int finallyRuns;

    public static String unit() {
        return Session.current("shapes") == null ? "none" : "unit";
    }

    @UnitOfWork(database = "shapes")
    public static long wide(long a, double b, int c) {
        long sum = a + c;
        double scaled = b * 2;
        unit();
        return sum + (long) scaled;
    }

    @UnitOfWork(database = "shapes")
    public double caught(String text) {
        unit();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return -1.0;
        }
    }

    /** The body's first instruction is a loop's head: a frame where the body begins. */
    @UnitOfWork(database = "shapes")
    public int loopFromTheStart(int n) {
        do {
            n -= 2;
        } while (n > unit().length() - 10);
        return n;
    }

    @UnitOfWork(database = "shapes")
    public void earlyReturn(List<String> out, boolean stop) {
        if (stop) {
            return;
        }
        out.add(unit());
    }

    @UnitOfWork(database = "shapes")
    public synchronized String locked(String text) {
        return text + Thread.holdsLock(this) + unit();
    }

    @UnitOfWork(database = "shapes")
    public boolean flag(boolean value) {
        return !value && unit().equals("unit");
    }

    @UnitOfWork(database = "shapes")
    public char letter(char c, byte b, short s) {
        unit();
        return (char) (c + b + s);
    }

    @UnitOfWork(database = "shapes")
    public float ratio(float f) {
        unit();
        return f / 2;
    }

    @UnitOfWork(database = "shapes")
    public int[] array(int n, String... words) {
        unit();
        return new int[] {n, words.length};
    }

    @UnitOfWork(database = "shapes")
    public Object nothing() {
        unit();
        return null;
    }

    @UnitOfWork(database = "shapes")
    public int switched(int key) {
        String in = unit();
        switch (key) {
            case 1:
                return 10;
            case 2:
                return 20 + in.length();
            default:
                return key > 100 ? -1 : 0;
        }
    }

    @UnitOfWork(database = "shapes")
    public int withFinally(int x) {
        try {
            if (x < 0) {
                throw new IllegalStateException("negative " + x);
            }
            return x + unit().length();
        } finally {
            finallyRuns++;
        }
    }

    public int finallyRuns() {
        return finallyRuns;
    }

    /** A supplied parameter between two that take two slots each. */
    @UnitOfWork(database = "shapes")
    public static String supplied(long before, Session session, double after) {
        return before + ":" + (session == Session.current("shapes")) + ":" + after;
    }

    @UnitOfWork(database = "shapes")
    public boolean connected(Connection connection) throws SQLException {
        return !connection.isClosed() && connection == Session.current("shapes").connection();
    }

    @UnitOfWork(database = "shapes")
    public void fails(IOException failure) throws IOException {
        unit();
        throw failure;
    }

    /**
     * Changes its arguments, then fails with a serialization failure the first time: the retry gets
     * the caller's arguments again.
     */
    @UnitOfWork(database = "shapes", retries = 2)
    public String retried(int n, String text, long wide, double ratio) throws SQLException {
        attempts++;
        String seen = n + text + wide + ":" + ratio + ":" + unit();
        n = -1;
        text = "changed";
        wide = 0;
        ratio = 0;
        if (attempts == 1) {
            throw new SQLException("could not serialize access", "40001");
        }
        return seen + n + text + wide + ratio;
    }
}
