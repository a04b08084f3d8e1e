package org.unitofwork.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of a test table {@code (id int primary key, note varchar(100))}; {@link TestPersistence} names the table. */
@Entity
@Table(name = Row.LOGICAL_TABLE)
public class Row {
    /** The name the mapping uses, replaced by each test's own table. */
    static final String LOGICAL_TABLE = "test_rows";

    @Id
    private Integer id;
    private String note;

    protected Row() {
    }

    public Row(int id, String note) {
        this.id = id;
        this.note = note;
    }

    public int id() {
        return id;
    }

    public String note() {
        return note;
    }

    public void note(String note) {
        this.note = note;
    }
}
