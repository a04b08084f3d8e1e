package org.unitofwork.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java code block of the README compiles as written, with the annotation processor as users
 * configure it, and a block with a {@code main} method runs: the examples cannot drift from the API.
 */
class ReadmeTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PUBLIC_CLASS = Pattern.compile("public (?:final )?class (\\w+)");

    @Test
    void javaBlocksCompileAndRun(@TempDir Path dir) throws Exception {
        List<String> blocks = javaBlocks(Path.of("..", "README.md"));
        assertFalse(blocks.isEmpty(), "the README has no Java code block");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        for (String block : blocks) {
            Matcher name = PUBLIC_CLASS.matcher(block);
            assertTrue(name.find(), "a README Java block must be a whole compilation unit:\n" + block);
            Path source = dir.resolve(name.group(1) + ".java");
            Files.writeString(source, block);
            String classPath = System.getProperty("java.class.path");
            int status = javac.run(null, null, null, "-processor", "org.unitofwork.processor.UnitOfWorkProcessor",
                    "-processorpath", classPath, "-cp", classPath, "-d", dir.toString(), "-s", dir.toString(),
                    source.toString());
            assertEquals(0, status, "README block " + name.group(1) + " does not compile");
            try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                    getClass().getClassLoader())) {
                Class<?> type = loader.loadClass(name.group(1));
                Method main = mainOf(type);
                if (main != null) {
                    main.invoke(null, (Object) new String[0]);
                }
            }
        }
    }

    private static List<String> javaBlocks(Path readme) throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(Files.readString(readme));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static Method mainOf(Class<?> type) {
        try {
            return type.getMethod("main", String[].class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
