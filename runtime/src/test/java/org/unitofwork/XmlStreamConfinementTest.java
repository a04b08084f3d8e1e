package org.unitofwork;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.sql.ResultSet;
import java.sql.SQLXML;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.unitofwork.scenarios.TestDatabase;

/**
 * Issue 13 and the README's "Thread-confined" paragraph: "SQLXML ... the streams and readers they
 * and result sets hand out ... work only on the thread that opened the unit, and only while it
 * lives" — the reader of {@code SQLXML.getSource(StreamSource.class)} included.
 */
class XmlStreamConfinementTest {
    private Database db;

    @AfterEach
    void closeAll() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void s13_readerOfAnSqlxmlSourceIsConfinedToItsUnit() throws Exception {
        TestDatabase.POSTGRES.assumeAvailable();
        db = TestDatabase.POSTGRES.build("xml-confined", TestDatabase.POSTGRES.newUrl(), 2);
        Reader reader = db.call(session -> {
            try (Statement s = session.connection().createStatement();
                    ResultSet rs = s.executeQuery("select '<order id=\"42\"/>'::xml")) {
                rs.next();
                SQLXML xml = rs.getSQLXML(1);
                return xml.getSource(StreamSource.class).getReader();
            }
        });
        Object usedElsewhere = CompletableFuture.supplyAsync(() -> {
            try {
                char[] buffer = new char[64];
                int n = reader.read(buffer);
                return "read " + n + " chars: " + new String(buffer, 0, Math.max(n, 0));
            } catch (Throwable t) {
                return t;
            }
        }).get(10, TimeUnit.SECONDS);
        System.out.println("confinement: reader of an SQLXML source, after its unit ended, on another thread: "
                + usedElsewhere + " (reader class " + reader.getClass().getName() + ")");
        assertTrue(usedElsewhere instanceof WrongThreadException || usedElsewhere instanceof NoActiveUnitException,
                "the reader worked after its unit ended, on another thread: " + usedElsewhere);
    }
}
