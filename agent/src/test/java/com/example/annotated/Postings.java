package com.example.annotated;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.unitofwork.UnitOfWork;

/** Compiled without the processor: the agent weaves its methods and supplies their journal. */
public class Postings {
    /** The journal each attempt got, in order. */
    public final List<Journal> journals = new ArrayList<>();

    @UnitOfWork
    public void post(Journal journal, String entry) {
        journals.add(journal);
        journal.write(entry);
        if (entry.startsWith("refused")) {
            throw new IllegalArgumentException(entry);
        }
    }

    /** Its pad cannot be supplied: no database registers a kind for it. */
    @UnitOfWork
    public void scribble(Scratchpad pad) {
        throw new AssertionError("the body must not run without its pad");
    }

    /** The first attempt fails with a serialization failure after writing; the retry gets a fresh journal. */
    @UnitOfWork(retries = 1)
    public void postOnRetry(String entry, Journal journal) throws SQLException {
        journals.add(journal);
        journal.write(entry + " #" + journals.size());
        if (journals.size() == 1) {
            throw new SQLException("could not serialize access", "40001");
        }
    }
}
