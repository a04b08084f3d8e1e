package org.unitofwork.processor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;

/**
 * Runs {@link UnitOfWorkProcessor} the way Gradle's incremental processing does: behind a wrapper of
 * javac's processing environment that keeps the original in a field named {@code delegate}, and whose
 * {@link Filer} records every file the processor creates or reads, with the originating elements it names.
 */
final class WrappedEnvironmentProcessor extends EnvironmentWrappingProcessor {
    private static final String READ = "read resource";

    private final List<FilerCall> filerCalls = new ArrayList<>();

    /** A call of the {@link Filer}: what kind of file, its name, and the originating elements given. */
    record FilerCall(String kind, String name, List<Element> originatingElements) {
    }

    /** The files the processor created, in order: every call but reads. */
    List<FilerCall> filesWritten() {
        return filerCalls.stream().filter(call -> !call.kind().equals(READ)).toList();
    }

    /** The resources the processor read, named {@code <location>:<path>}. */
    List<String> resourcesRead() {
        return filerCalls.stream().filter(call -> call.kind().equals(READ)).map(FilerCall::name).toList();
    }

    @Override
    ProcessingEnvironment wrap(ProcessingEnvironment environment) {
        return new Wrapper(environment, new RecordingFiler(environment.getFiler(), filerCalls));
    }

    /** A processing environment that passes everything to the one it wraps. */
    private static final class Wrapper implements ProcessingEnvironment {
        private final ProcessingEnvironment delegate;
        private final Filer filer;

        Wrapper(ProcessingEnvironment delegate, Filer filer) {
            this.delegate = delegate;
            this.filer = filer;
        }

        @Override
        public Map<String, String> getOptions() {
            return delegate.getOptions();
        }

        @Override
        public Messager getMessager() {
            return delegate.getMessager();
        }

        @Override
        public Filer getFiler() {
            return filer;
        }

        @Override
        public Elements getElementUtils() {
            return delegate.getElementUtils();
        }

        @Override
        public Types getTypeUtils() {
            return delegate.getTypeUtils();
        }

        @Override
        public SourceVersion getSourceVersion() {
            return delegate.getSourceVersion();
        }

        @Override
        public Locale getLocale() {
            return delegate.getLocale();
        }
    }

    /** A filer that records each call before passing it on, as Gradle's does to learn each file's origin. */
    private static final class RecordingFiler implements Filer {
        private final Filer delegate;
        private final List<FilerCall> calls;

        RecordingFiler(Filer delegate, List<FilerCall> calls) {
            this.delegate = delegate;
            this.calls = calls;
        }

        @Override
        public JavaFileObject createSourceFile(CharSequence name, Element... originatingElements) throws IOException {
            calls.add(new FilerCall("source", name.toString(), List.of(originatingElements)));
            return delegate.createSourceFile(name, originatingElements);
        }

        @Override
        public JavaFileObject createClassFile(CharSequence name, Element... originatingElements) throws IOException {
            calls.add(new FilerCall("class", name.toString(), List.of(originatingElements)));
            return delegate.createClassFile(name, originatingElements);
        }

        @Override
        public FileObject createResource(JavaFileManager.Location location, CharSequence moduleAndPackage,
                CharSequence relativeName, Element... originatingElements) throws IOException {
            calls.add(new FilerCall("resource", moduleAndPackage + "/" + relativeName, List.of(originatingElements)));
            return delegate.createResource(location, moduleAndPackage, relativeName, originatingElements);
        }

        @Override
        public FileObject getResource(JavaFileManager.Location location, CharSequence moduleAndPackage,
                CharSequence relativeName) throws IOException {
            calls.add(new FilerCall(READ, location.getName() + ":" + moduleAndPackage + "/" + relativeName, List.of()));
            return delegate.getResource(location, moduleAndPackage, relativeName);
        }
    }
}
