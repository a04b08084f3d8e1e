package org.unitofwork.agent.choose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.unitofwork.Database;
import net.bytebuddy.jar.asm.ClassReader;

/**
 * The constant pool walk that decides, for every class the JVM loads, whether the agent looks
 * further: it must find exactly the names a class file's pool holds, for every kind of entry.
 */
class ConstantPoolNamesTest {
    private static final byte[][] SOUGHT = {
        ascii("Lorg/unitofwork/UnitOfWork;"), ascii("java/sql/DriverManager"), ascii("java/lang/Object"),
        ascii("Ljava/lang/String;"), ascii("org/unitofwork/Database"),
    };

    /**
     * Every class of the runtime and of several JDK modules (records, enums, lambdas, constants of
     * every type, modules' descriptors): the walk reads each, and finds what ASM's reading of the
     * pool finds.
     */
    @Test
    void findsWhatTheConstantPoolHoldsInThousandsOfRealClassFiles() throws Exception {
        List<byte[]> classFiles = new ArrayList<>();
        Path runtimeJar = Path.of(Database.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (FileSystem jar = FileSystems.newFileSystem(runtimeJar)) {
            addClassFiles(jar.getPath("/"), classFiles);
        }
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        for (String module : List.of("java.base/java/lang", "java.base/java/util", "java.sql", "java.base/module-info.class")) {
            addClassFiles(jrt.getPath("modules", module.split("/", 2)[0], module.contains("/") ? module.split("/", 2)[1] : ""),
                    classFiles);
        }
        assertTrue(classFiles.size() > 1_000, "read " + classFiles.size() + " class files");
        int withDatabase = 0;
        for (byte[] classFile : classFiles) {
            int expected = namesByAsm(classFile);
            assertEquals(expected, ConstantPoolNames.find(classFile, SOUGHT), () -> new ClassReader(classFile).getClassName());
            withDatabase += (expected & 1 << 4) != 0 ? 1 : 0;
        }
        assertTrue(withDatabase > 5, "the runtime's classes that name Database: " + withDatabase);
    }

    @Test
    void aClassFileCutShortIsUnreadableSoTheCallerLooksAgain() throws IOException {
        byte[] classFile;
        try (InputStream in = Database.class.getResourceAsStream("Database.class")) {
            classFile = in.readAllBytes();
        }
        int poolEnd = new ClassReader(classFile).header;
        for (int length : new int[] {0, 9, 10, 11, poolEnd / 2, poolEnd - 1}) {
            assertEquals(ConstantPoolNames.UNREADABLE, ConstantPoolNames.find(Arrays.copyOf(classFile, length), SOUGHT),
                    "cut at " + length);
        }
        byte[] unknownTag = classFile.clone();
        unknownTag[10] = 99;
        assertEquals(ConstantPoolNames.UNREADABLE, ConstantPoolNames.find(unknownTag, SOUGHT));
    }

    @Test
    void aNameInsideALongerEntryIsNotTheName() {
        // a string constant that mentions the annotation is not the annotation
        byte[] mention = ascii("see Lorg/unitofwork/UnitOfWork; for units");
        byte[] classFile = new byte[10 + 3 + mention.length];
        classFile[9] = 2; // one entry
        classFile[10] = 1;
        classFile[12] = (byte) mention.length;
        System.arraycopy(mention, 0, classFile, 13, mention.length);
        assertEquals(0, ConstantPoolNames.find(classFile, SOUGHT));
    }

    /** The names sought among the UTF-8 entries, at the offsets ASM's reading of the pool gives. */
    private static int namesByAsm(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        int found = 0;
        for (int index = 1; index < reader.getItemCount(); index++) {
            int offset = reader.getItem(index); // just past the entry's tag; 0 for a long's or double's second slot
            if (offset == 0 || classFile[offset - 1] != 1) {
                continue;
            }
            int start = offset + 2;
            int end = start + reader.readUnsignedShort(offset);
            for (int i = 0; i < SOUGHT.length; i++) {
                if (Arrays.equals(classFile, start, end, SOUGHT[i], 0, SOUGHT[i].length)) {
                    found |= 1 << i;
                }
            }
        }
        return found;
    }

    private static void addClassFiles(Path root, List<byte[]> into) throws IOException {
        if (Files.isRegularFile(root)) {
            into.add(Files.readAllBytes(root));
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                into.add(Files.readAllBytes(file));
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
