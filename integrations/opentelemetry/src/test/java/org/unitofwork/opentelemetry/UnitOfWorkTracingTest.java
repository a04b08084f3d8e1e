package org.unitofwork.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unitofwork.Boundary;
import org.unitofwork.CommitOutcomeUnknownException;
import org.unitofwork.Database;
import org.unitofwork.Isolation;
import org.unitofwork.Propagation;
import org.unitofwork.Session;
import org.unitofwork.scenarios.TestDatabase;

/**
 * Spans of real units on H2, PostgreSQL and MariaDB, as the SDK exports them (its in-memory exporter):
 * one per unit a boundary opens, with its attributes, parented where the unit started and current while
 * it runs; retries and nested rollbacks as events; the unknown outcome of a commit whose session died.
 */
class UnitOfWorkTracingTest {
    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
            .build();
    private final Tracer tracer = sdk.getTracer("test");
    private TestDatabase on;
    private String url;
    private String table;
    private Database db;
    private UnitOfWorkTracing tracing;

    private void open(TestDatabase database) throws SQLException {
        database.assumeAvailable();
        on = database;
        url = database.newUrl();
        table = TestDatabase.uniqueName("traced");
        database.createTable(url, table);
        db = database.build(TestDatabase.uniqueName("traced"), url, 3);
        tracing = UnitOfWorkTracing.register(db, sdk);
    }

    @AfterEach
    void close() throws SQLException {
        if (db != null) {
            tracing.close();
            db.close();
            on.dropTable(url, table);
        }
        sdk.close();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aCommittedUnitIsOneSpanUnderTheCallersWithItsAttributesAndTheStatementsUnderIt(TestDatabase database)
            throws Exception {
        open(database);
        Boundary place = Boundary.builder("Orders.place").database(db.name()).isolation(Isolation.READ_COMMITTED)
                .build();
        Span request = tracer.spanBuilder("POST /orders").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            place.run(session -> {
                insert(session, 1);
                Boundary.builder("Orders.line").database(db.name()).build().run(joined -> insert(joined, 2));
                // what another tool's JDBC instrumentation does around a statement
                Span statement = tracer.spanBuilder("INSERT").startSpan();
                statement.end();
            });
        } finally {
            request.end();
        }

        SpanData unit = only("Orders.place");
        assertEquals(request.getSpanContext().getSpanId(), unit.getParentSpanId(), "a child of the caller's span");
        assertEquals(unit.getSpanId(), only("INSERT").getParentSpanId(), "the unit's span is current inside it");
        String system = database == TestDatabase.H2 ? "h2database"
                : database == TestDatabase.POSTGRES ? "postgresql" : "mariadb";
        assertEquals(system, attribute(unit, "db.system.name"));
        assertEquals(database == TestDatabase.H2 ? url.substring("jdbc:h2:mem:".length(), url.indexOf(';')) : "test",
                attribute(unit, "db.namespace"));
        assertEquals(db.name(), attribute(unit, "unitofwork.database"));
        assertEquals("REQUIRED", attribute(unit, "unitofwork.propagation"));
        assertEquals(false, unit.getAttributes().get(AttributeKey.booleanKey("unitofwork.read_only")));
        assertEquals("READ_COMMITTED", attribute(unit, "unitofwork.isolation"));
        assertEquals("COMMITTED", attribute(unit, "unitofwork.outcome"));
        assertEquals(1L, unit.getAttributes().get(AttributeKey.longKey("unitofwork.attempts")));
        assertEquals(2L, unit.getAttributes().get(AttributeKey.longKey("unitofwork.statements")),
                "the joined boundary's statement counts in the unit, which has the only span");
        assertTrue(unit.getAttributes().get(AttributeKey.doubleKey("unitofwork.connection.wait")) > 0);
        assertEquals(StatusCode.UNSET, unit.getStatus().getStatusCode());
        assertEquals(null, unit.getAttributes().get(AttributeKey.stringKey("error.type")));
        assertEquals(3, exported.getFinishedSpanItems().size(), "no span of the joined boundary");
        assertFalse(Span.current().getSpanContext().isValid(), "the thread's context is restored");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES"})
    void aRolledBackUnitNamesItsCauseAndARequiresNewUnitIsAChildSpan(TestDatabase database) throws Exception {
        open(database);
        Boundary audit = Boundary.builder("Audit.record").database(db.name()).propagation(Propagation.REQUIRES_NEW)
                .readOnly(true).build();
        assertThrows(IllegalStateException.class, () -> db.run(session -> {
            insert(session, 1);
            audit.run(inner -> inner.connection().isValid(1));
            throw new IllegalStateException("out of stock");
        }));
        SpanData outer = only("Database.run");
        SpanData inner = only("Audit.record");
        assertEquals(outer.getSpanId(), inner.getParentSpanId());
        assertEquals("REQUIRES_NEW", attribute(inner, "unitofwork.propagation"));
        assertEquals(true, inner.getAttributes().get(AttributeKey.booleanKey("unitofwork.read_only")));
        assertEquals("ROLLED_BACK", attribute(outer, "unitofwork.outcome"));
        assertEquals("java.lang.IllegalStateException", attribute(outer, "error.type"));
        assertEquals(StatusCode.ERROR, outer.getStatus().getStatusCode());
        assertFalse(exported.getFinishedSpanItems().toString().contains("out of stock"), "no exception message");
    }

    @Test
    void aRetriedUnitIsOneSpanWithAnEventPerRetry() throws Exception {
        open(TestDatabase.H2);
        Boundary transfer = Boundary.builder("Bank.transfer").database(db.name()).retries(3).build();
        AtomicInteger runs = new AtomicInteger();
        transfer.run(session -> {
            insert(session, runs.incrementAndGet());
            if (runs.get() < 3) {
                throw new SQLTransactionRollbackException("could not serialize access", "40001");
            }
        });
        SpanData unit = only("Bank.transfer");
        assertEquals(3L, unit.getAttributes().get(AttributeKey.longKey("unitofwork.attempts")));
        assertEquals("COMMITTED", attribute(unit, "unitofwork.outcome"));
        assertEquals(3L, unit.getAttributes().get(AttributeKey.longKey("unitofwork.statements")), "all attempts'");
        List<EventData> retries = unit.getEvents();
        assertEquals(List.of("unitofwork.retry", "unitofwork.retry"), retries.stream().map(EventData::getName).toList());
        assertEquals(1L, retries.get(0).getAttributes().get(AttributeKey.longKey("unitofwork.attempt")));
        assertEquals(2L, retries.get(1).getAttributes().get(AttributeKey.longKey("unitofwork.attempt")));
        assertEquals("java.sql.SQLTransactionRollbackException",
                retries.get(0).getAttributes().get(AttributeKey.stringKey("error.type")));
        assertEquals(null, unit.getAttributes().get(AttributeKey.stringKey("error.type")), "it committed in the end");
    }

    @Test
    void aNestedBoundaryRolledBackToItsSavepointIsAnEvent() throws Exception {
        open(TestDatabase.H2);
        Boundary line = Boundary.builder("Orders.line").database(db.name()).propagation(Propagation.NESTED).build();
        db.run(session -> {
            insert(session, 1);
            assertThrows(IllegalArgumentException.class, () -> line.run(nested -> {
                insert(nested, 2);
                throw new IllegalArgumentException("no such item");
            }));
        });
        SpanData unit = only("Database.run");
        assertEquals("COMMITTED", attribute(unit, "unitofwork.outcome"));
        EventData event = unit.getEvents().get(0);
        assertEquals("unitofwork.savepoint.rollback", event.getName());
        assertEquals("Orders.line", event.getAttributes().get(AttributeKey.stringKey("unitofwork.boundary")));
        assertEquals("java.lang.IllegalArgumentException", event.getAttributes().get(AttributeKey.stringKey("error.type")));
    }

    @Test
    void aUnitOverItsConnectionHoldBudgetHasAnEvent() throws Exception {
        open(TestDatabase.H2);
        Boundary export = Boundary.builder("Report.export").database(db.name()).connectionHoldBudgetMillis(50).build();
        export.run(session -> {
            insert(session, 1);
            Thread.sleep(120);
        });
        EventData held = only("Report.export").getEvents().get(0);
        assertEquals("unitofwork.connection.held_too_long", held.getName());
        assertTrue(held.getAttributes().get(AttributeKey.doubleKey("unitofwork.connection.held")) >= 0.12, held.toString());
        assertEquals(0.05, held.getAttributes().get(AttributeKey.doubleKey("unitofwork.connection.budget")), 1e-9);
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB"})
    void aCommitWhoseSessionDiedHasTheUnknownOutcome(TestDatabase database) throws Exception {
        open(database);
        assertThrows(CommitOutcomeUnknownException.class, () -> db.run(session -> {
            insert(session, 1);
            database.kill(url, database.sessionId(session.connection()));
        }));
        SpanData unit = only("Database.run");
        assertEquals("UNKNOWN", attribute(unit, "unitofwork.outcome"));
        assertEquals(StatusCode.ERROR, unit.getStatus().getStatusCode());
        assertTrue(attribute(unit, "error.type").startsWith("java.sql.") || attribute(unit, "error.type")
                .startsWith("org."), attribute(unit, "error.type"));
    }

    @Test
    void theNoopOpenTelemetryRegistersNothing() throws Exception {
        open(TestDatabase.H2);
        try (UnitOfWorkTracing noop = UnitOfWorkTracing.register(db, OpenTelemetry.noop())) {
            assertFalse(noop.isTracing());
            assertTrue(tracing.isTracing());
        }
        tracing.close();
        assertFalse(tracing.isTracing());
        db.run(session -> insert(session, 1));
        assertEquals(List.of(), exported.getFinishedSpanItems(), "nothing traced once closed");
        assertEquals(Context.root(), Context.current());
    }

    private void insert(Session session, int id) throws SQLException {
        try (Statement s = session.connection().createStatement()) {
            s.executeUpdate("insert into " + table + " (id, note) values (" + id + ", 'x')");
        }
    }

    private SpanData only(String name) {
        List<SpanData> named = exported.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, named.size(), name + " in " + exported.getFinishedSpanItems());
        return named.get(0);
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }
}
