/**
 * The conventions that the annotation processor and the Java agent must apply alike, in one place:
 * how a wrapper and a boundary are named ({@link WrapperNames}, {@link BoundaryNames}), which methods a
 * type-level {@code @UnitOfWork} leaves out ({@link ObjectMethods}), which parameter the unit supplies
 * and what is said when it cannot ({@link Injection}), and where integration modules mark the types of
 * their session kinds ({@link SessionKindMarkers}). A generated wrapper and a woven method that
 * follow these give the same boundary names, supply the same parameter and refuse the same
 * declarations with the same message (S20, S22, S23).
 *
 * <p><b>Internal.</b> This package is not an API: applications never call it, and it may change in
 * any release. It belongs to this module, not to the runtime: the runtime neither depends on it nor
 * exposes it, and a running application needs it only inside the agent, which carries a relocated
 * copy. The conventions are written over plain names (binary and source type names, method names,
 * parameter names), so that the processor, which sees the compiler's elements, and the agent, which
 * sees class files, each adapt to them in a few lines.
 */
package org.unitofwork.conventions;
