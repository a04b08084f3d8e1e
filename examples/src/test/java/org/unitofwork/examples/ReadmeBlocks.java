package org.unitofwork.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's marked code blocks, {@code <!-- readme:name -->} before the fence and
 * {@code <!-- /readme:name -->} after it, for the tests that check the README shows what the code
 * does. An example's printed output is marked {@code output:} and the program's name.
 */
public final class ReadmeBlocks {
    private ReadmeBlocks() {
    }

    /** The README at the root of the build, from a test running in the examples module. */
    public static String readme() throws IOException {
        return Files.readString(Path.of("..", "README.md"));
    }

    /** The text inside the code fence marked {@code name}. */
    public static String marked(String readme, String name) {
        Matcher m = Pattern.compile("<!-- readme:" + Pattern.quote(name) + " -->\\n```[a-z]*\\n(.*?)```\\n<!-- /readme:"
                + Pattern.quote(name) + " -->", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README.md has no code block marked <!-- readme:" + name + " --> … <!-- /readme:" + name
                + " -->: put the markers back around it");
        return m.group(1);
    }

    /** The output the README shows for {@code program}. */
    public static String output(String program) throws IOException {
        return marked(readme(), "output:" + program);
    }

    /**
     * Whether {@code printed} reads as {@code shown} where only the numbers differ: for the output of
     * a run whose counts vary, every line must be there, in order, worded the same.
     */
    public static boolean sameButForNumbers(String shown, String printed) {
        StringBuilder pattern = new StringBuilder();
        for (String part : shown.split("\\d+", -1)) {
            if (pattern.length() > 0) {
                pattern.append("\\d+");
            }
            pattern.append(Pattern.quote(part));
        }
        return Pattern.compile(pattern.toString()).matcher(printed).matches();
    }
}
