/**
 * The annotation processor that turns {@code @UnitOfWork} methods into generated wrappers.
 *
 * <p>{@link org.unitofwork.processor.UnitOfWorkProcessor} drives the rounds; {@code WrapperValidator}
 * checks a type and reports every misuse on the element it concerns, producing a {@code WrapperModel};
 * {@code WrapperGenerator} writes the wrapper of a valid model with JavaPoet. The rules of a valid
 * boundary are not repeated here: attributes are checked by the runtime's own {@code Boundary} builder.
 */
package org.unitofwork.processor;
