package org.unitofwork.conventions.cases;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;

/** The class files of an in-memory compilation, written out where a class loader can find them. */
public final class CompiledClasses {
    private static final String CLASS_OUTPUT = "/CLASS_OUTPUT/";

    private CompiledClasses() {
    }

    /**
     * @param files what a compilation generated; its class files are written, its sources skipped
     * @param directory where to write them, in the directories of their packages
     * @return {@code directory}
     */
    public static Path write(Iterable<? extends JavaFileObject> files, Path directory) {
        try {
            for (JavaFileObject file : files) {
                if (file.getKind() != JavaFileObject.Kind.CLASS) {
                    continue;
                }
                String path = file.toUri().getPath();
                Path target = directory.resolve(path.substring(path.indexOf(CLASS_OUTPUT) + CLASS_OUTPUT.length()));
                Files.createDirectories(target.getParent());
                try (InputStream in = file.openInputStream()) {
                    Files.write(target, in.readAllBytes());
                }
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
