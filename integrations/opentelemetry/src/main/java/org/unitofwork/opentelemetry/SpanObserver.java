package org.unitofwork.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.unitofwork.Boundary;
import org.unitofwork.Outcome;
import org.unitofwork.spi.ConnectionHeld;
import org.unitofwork.spi.UnitEnded;
import org.unitofwork.spi.UnitObserver;

/**
 * Keeps one span per outermost unit: started and made current on the unit's thread when the unit
 * starts, ended when it has ended. A retried unit keeps its span from its first attempt to its last,
 * with an event per retry; units a unit suspends get spans of their own, children of its span.
 */
final class SpanObserver implements UnitObserver {
    static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> BOUNDARY = AttributeKey.stringKey("unitofwork.boundary");
    static final AttributeKey<String> DATABASE = AttributeKey.stringKey("unitofwork.database");
    static final AttributeKey<String> PROPAGATION = AttributeKey.stringKey("unitofwork.propagation");
    static final AttributeKey<Boolean> READ_ONLY = AttributeKey.booleanKey("unitofwork.read_only");
    static final AttributeKey<String> ISOLATION = AttributeKey.stringKey("unitofwork.isolation");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("unitofwork.outcome");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("unitofwork.attempts");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("unitofwork.attempt");
    static final AttributeKey<Double> CONNECTION_WAIT = AttributeKey.doubleKey("unitofwork.connection.wait");
    static final AttributeKey<Long> STATEMENTS = AttributeKey.longKey("unitofwork.statements");
    static final String RETRY_EVENT = "unitofwork.retry";
    static final String SAVEPOINT_EVENT = "unitofwork.savepoint.rollback";
    static final String HELD_TOO_LONG_EVENT = "unitofwork.connection.held_too_long";
    static final AttributeKey<Double> HELD = AttributeKey.doubleKey("unitofwork.connection.held");
    static final AttributeKey<Double> IN_STATEMENTS = AttributeKey.doubleKey("unitofwork.connection.in_statements");
    static final AttributeKey<Double> BUDGET = AttributeKey.doubleKey("unitofwork.connection.budget");

    private final Tracer tracer;
    private final String databaseName;
    private final DatabaseIdentity identity;
    /** The spans of the units open on each thread, innermost last. */
    private final ThreadLocal<ArrayDeque<Open>> open = ThreadLocal.withInitial(ArrayDeque::new);

    SpanObserver(Tracer tracer, String databaseName, DatabaseIdentity identity) {
        this.tracer = tracer;
        this.databaseName = databaseName;
        this.identity = identity;
    }

    @Override
    public void unitStarted(Boundary boundary, int attempt) {
        ArrayDeque<Open> spans = open.get();
        Open last = spans.peekLast();
        if (last != null && last.awaitingRetry) {
            if (attempt > 0 && last.boundary.equals(boundary.name())) {
                last.scope = last.parent.with(last.span).makeCurrent();
                last.awaitingRetry = false;
                return;
            }
            abandon(spans.removeLast()); // its retry never began: the backoff was interrupted, say
        }
        Context parent = Context.current();
        Span span = tracer.spanBuilder(boundary.name())
                .setParent(parent)
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(DB_SYSTEM_NAME, identity.system())
                .setAttribute(DATABASE, databaseName)
                .setAttribute(BOUNDARY, boundary.name())
                .setAttribute(PROPAGATION, boundary.propagation().name())
                .setAttribute(READ_ONLY, boundary.readOnly())
                .setAttribute(ISOLATION, boundary.isolation().name())
                .startSpan();
        if (identity.namespace() != null) {
            span.setAttribute(DB_NAMESPACE, identity.namespace());
        }
        spans.addLast(new Open(boundary.name(), parent, span, parent.with(span).makeCurrent()));
    }

    @Override
    public void rolledBackToSavepoint(Boundary nested, Throwable cause) {
        Open last = open.get().peekLast();
        if (last != null) {
            last.span.addEvent(SAVEPOINT_EVENT, Attributes.of(BOUNDARY, nested.name(), ERROR_TYPE, type(cause)));
        }
    }

    @Override
    public void connectionHeldTooLong(ConnectionHeld held) {
        Open last = open.get().peekLast();
        if (last != null && last.boundary.equals(held.boundary())) {
            last.span.addEvent(HELD_TOO_LONG_EVENT, Attributes.of(HELD, seconds(held.heldNanos()),
                    IN_STATEMENTS, seconds(held.inStatementsNanos()), BUDGET, seconds(held.budgetNanos())));
        }
    }

    @Override
    public void unitEnded(UnitEnded unit) {
        ArrayDeque<Open> spans = open.get();
        // units whose end went unreported (an Error cut it short) are closed with their span, innermost first
        while (!spans.isEmpty() && !spans.peekLast().boundary.equals(unit.boundary())) {
            abandon(spans.removeLast());
        }
        Open ended = spans.peekLast();
        if (ended == null) {
            return; // the unit started before this observer was added
        }
        ended.connectionWaitNanos += unit.connectionWaitNanos();
        ended.statements += unit.statements();
        if (unit.retrying()) {
            ended.span.addEvent(RETRY_EVENT, Attributes.of(ATTEMPT, (long) unit.attempt() + 1,
                    ERROR_TYPE, type(unit.rollbackCause())));
            ended.scope.close(); // the backoff runs outside the unit; the next attempt makes the span current again
            ended.awaitingRetry = true;
            return;
        }
        spans.removeLast();
        Span span = ended.span;
        span.setAttribute(OUTCOME, unit.outcome().name());
        span.setAttribute(ATTEMPTS, unit.attempt() + 1L);
        span.setAttribute(CONNECTION_WAIT, seconds(ended.connectionWaitNanos));
        span.setAttribute(STATEMENTS, ended.statements);
        Throwable cause = unit.rollbackCause();
        if (cause != null) {
            span.setAttribute(ERROR_TYPE, type(cause));
            span.setStatus(StatusCode.ERROR, unit.outcome() == Outcome.UNKNOWN
                    ? "commit outcome unknown: " + type(cause) : "rolled back: " + type(cause));
        } else if (unit.outcome() == Outcome.UNKNOWN) {
            span.setStatus(StatusCode.ERROR, "commit outcome unknown");
        }
        ended.scope.close();
        span.end();
    }

    private static void abandon(Open stale) {
        if (!stale.awaitingRetry) {
            stale.scope.close();
        }
        stale.span.setStatus(StatusCode.ERROR, "the unit's end was not reported");
        stale.span.end();
    }

    private static double seconds(long nanos) {
        return nanos / (double) TimeUnit.SECONDS.toNanos(1);
    }

    /** The fully qualified class of a failure, as {@code error.type} asks; {@code _OTHER} for none. */
    private static String type(Throwable cause) {
        return cause == null ? "_OTHER" : cause.getClass().getName();
    }

    @Override
    public String toString() {
        return "UnitOfWorkTracing[" + databaseName + "]";
    }

    /** The span of a unit open on this thread. */
    private static final class Open {
        final String boundary;
        final Context parent;
        final Span span;
        Scope scope;
        boolean awaitingRetry;
        long connectionWaitNanos;
        long statements;

        Open(String boundary, Context parent, Span span, Scope scope) {
            this.boundary = boundary;
            this.parent = parent;
            this.span = span;
            this.scope = scope;
        }
    }
}
