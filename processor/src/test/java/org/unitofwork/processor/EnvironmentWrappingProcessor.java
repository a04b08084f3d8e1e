package org.unitofwork.processor;

import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/** Runs {@link UnitOfWorkProcessor} behind a processing environment of the test's making. */
abstract class EnvironmentWrappingProcessor extends AbstractProcessor {
    private final UnitOfWorkProcessor processor = new UnitOfWorkProcessor();

    /**
     * @param environment javac's processing environment
     * @return the environment the processor is given instead
     */
    abstract ProcessingEnvironment wrap(ProcessingEnvironment environment);

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
        super.init(environment);
        processor.init(wrap(environment));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return processor.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return processor.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        return processor.process(annotations, round);
    }
}
