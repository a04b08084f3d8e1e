/**
 * OpenTelemetry traces of units of work: {@link org.unitofwork.opentelemetry.UnitOfWorkTracing} gives each
 * unit a span, current on its thread while it runs.
 */
package org.unitofwork.opentelemetry;
