package org.unitofwork.jooq;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.unquotedName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderKeywordCase;
import org.jooq.conf.Settings;
import org.jooq.impl.DefaultConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.unitofwork.Database;
import org.unitofwork.scenarios.TestDatabase;

/** A unit's DSLContext keeps the settings and listeners of the configuration it was registered with. */
class TemplateConfigurationTest {
    private final String url = TestDatabase.H2.newUrl();
    private final String table = TestDatabase.uniqueName("notes");
    private Database db;

    @AfterEach
    void close() throws SQLException {
        db.close();
        TestDatabase.H2.dropTable(url, table);
    }

    @Test
    void settingsAndListenersOfTheTemplateApplyAndLaterChangesToItDoNot() throws Exception {
        TestDatabase.H2.createTable(url, table);
        db = TestDatabase.H2.build(TestDatabase.uniqueName("jooq"), url, 2);
        List<String> executed = new ArrayList<>();
        Configuration template = new DefaultConfiguration().set(SQLDialect.H2)
                .set(new Settings().withRenderKeywordCase(RenderKeywordCase.UPPER))
                .set(new ExecuteListener() {
                    @Override
                    public void executeStart(ExecuteContext ctx) {
                        executed.add(ctx.sql());
                    }
                });
        JooqSessions.register(db, template);
        template.set(SQLDialect.MYSQL); // after registration: no effect on the units

        int inserted = db.call(session -> {
            DSLContext dsl = session.get(DSLContext.class);
            assertEquals(SQLDialect.H2, dsl.dialect());
            return dsl.insertInto(table(unquotedName(table)), field(unquotedName("id")), field(unquotedName("note")))
                    .values(1, "x").execute();
        });
        assertEquals(1, inserted);
        assertEquals(1, executed.size(), executed.toString());
        assertTrue(executed.get(0).startsWith("INSERT INTO"), executed.get(0));
        assertEquals(0, db.activeConnections());
    }
}
