package org.unitofwork.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/**
 * Compiles test sources the way a strict build does: with the processor and every lint warning on,
 * except {@code processing}, which warns about every annotation no processor claims, {@code @Generated}
 * included.
 */
final class Compilations {

    private Compilations() {
    }

    /** Compiles {@code sources} with the processor. */
    static Compilation compile(JavaFileObject... sources) {
        return compile(List.of(new UnitOfWorkProcessor()), sources);
    }

    /** Compiles {@code sources} with {@code processors}, in that order. */
    static Compilation compile(List<Processor> processors, JavaFileObject... sources) {
        return javac().withProcessors(processors).withOptions("-Xlint:all,-processing").compile(sources);
    }
}
