package org.unitofwork.agent.choose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import org.junit.jupiter.api.Test;
import org.unitofwork.Database;

/** The operand stack's height at each return, followed through every kind of instruction. */
class OperandStackAtReturnsTest {

    /**
     * javac leaves nothing below a result: across the runtime and much of the JDK (every instruction
     * and frame javac writes), no method is said to, so the height is followed right.
     */
    @Test
    void noMethodJavacCompiledLeavesValuesAtItsReturns() throws Exception {
        List<Path> classFiles = new ArrayList<>();
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        for (String packageDirectory : List.of("java.base/java/lang", "java.base/java/util", "java.base/java/math",
                "java.base/java/time", "java.base/java/io", "java.sql/java/sql")) {
            String[] parts = packageDirectory.split("/", 2);
            addClassFiles(jrt.getPath("modules", parts[0], parts[1]), classFiles);
        }
        int methods = 0;
        for (Path classFile : classFiles) {
            methods += checked(Files.readAllBytes(classFile));
        }
        Path runtimeJar = Path.of(Database.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (FileSystem jar = FileSystems.newFileSystem(runtimeJar)) {
            List<Path> runtime = new ArrayList<>();
            addClassFiles(jar.getPath("/"), runtime);
            for (Path classFile : runtime) {
                methods += checked(Files.readAllBytes(classFile));
            }
        }
        assertTrue(methods > 20_000, methods + " methods read");
    }

    @Test
    void aValueLeftBelowTheResultIsSeen() {
        ClassModel model = ClassModel.read(new ClassReader(StackLeftovers.classFile("example/StackLeftovers")));
        assertEquals(List.of("<init>", "answer"), model.methods().stream().map(ClassModel.Method::name).toList());
        assertFalse(model.methods().get(0).extraValuesAtReturn());
        assertTrue(model.methods().get(1).extraValuesAtReturn());
    }

    private static int checked(byte[] classFile) {
        ClassModel model = ClassModel.read(new ClassReader(classFile));
        for (ClassModel.Method method : model.methods()) {
            assertFalse(method.extraValuesAtReturn(), () -> model.internalName() + "." + method.name() + method.descriptor());
        }
        return model.methods().size();
    }

    private static void addClassFiles(Path root, List<Path> into) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".class")).forEach(into::add);
        }
    }
}
