package org.unitofwork.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the agent needs to know of a class before it is loaded, read straight from its class file:
 * its flags, its superclass, its interfaces and the names of its methods. Checking the configuration
 * at start uses it, and so does the weaver to tell a data source class by its supertypes: it costs
 * no ASM class, which an application with nothing to weave should not load.
 *
 * @param access the class's access flags
 * @param superName the superclass's binary name with slashes, null for {@code java/lang/Object}
 * @param interfaces the binary names with slashes of the interfaces it declares
 * @param methods the methods it declares
 */
public record ClassOutline(int access, String superName, List<String> interfaces, List<Method> methods) {
    /** The class file's flag of an interface. */
    public static final int ACC_INTERFACE = 0x0200;
    /** The class file's flag of an abstract class or method. */
    public static final int ACC_ABSTRACT = 0x0400;

    /**
     * A declared method: its access flags, name and descriptor.
     *
     * @param access its access flags
     * @param name its name
     * @param descriptor its descriptor
     */
    public record Method(int access, String name, String descriptor) {
    }

    boolean isInterface() {
        return (access & ACC_INTERFACE) != 0;
    }

    /**
     * The method of that name and descriptor it declares, or null.
     *
     * @param name the method's name
     * @param descriptor its descriptor
     * @return the method, or null
     */
    public Method method(String name, String descriptor) {
        for (Method m : methods) {
            if (m.name().equals(name) && m.descriptor().equals(descriptor)) {
                return m;
            }
        }
        return null;
    }

    /**
     * Whether the class is {@code type} or inherits it, as far as {@code loader} finds the class files
     * of its supertypes.
     *
     * @param internalName this class's name with slashes
     * @param type the binary name with slashes of a class or interface
     * @param loader where the supertypes' class files are found
     * @return whether it is
     * @throws IOException when a supertype's class file cannot be read
     */
    public boolean isSubtypeOf(String internalName, String type, ClassLoader loader) throws IOException {
        if (internalName.equals(type)) {
            return true;
        }
        List<String> supertypes = new ArrayList<>(interfaces);
        if (superName != null) {
            supertypes.add(superName);
        }
        for (String supertype : supertypes) {
            ClassOutline outline = find(loader, supertype);
            if (outline != null && outline.isSubtypeOf(supertype, type, loader)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The outline of the class {@code internalName} as {@code loader} finds it.
     *
     * @param loader where the class file is found
     * @param internalName the class's name with slashes
     * @return the outline, or null when the loader has no such class file
     * @throws IOException when the class file cannot be read or is not one
     */
    public static ClassOutline find(ClassLoader loader, String internalName) throws IOException {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : parse(in.readAllBytes());
        }
    }

    /**
     * Reads a class file's outline.
     *
     * @param classFile the class file
     * @return its outline
     * @throws IOException when the bytes are not a class file
     */
    public static ClassOutline parse(byte[] classFile) throws IOException {
        try {
            ByteBuffer in = ByteBuffer.wrap(classFile);
            if (in.getInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.getInt(); // minor and major version
            int count = in.getShort() & 0xffff;
            String[] utf8 = new String[count];
            int[] classNames = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.get();
                switch (tag) {
                    case 1 -> {
                        int length = in.getShort() & 0xffff;
                        // class, method and descriptor names are ASCII in practice; modified UTF-8 is close enough
                        utf8[i] = new String(classFile, in.position(), length, StandardCharsets.UTF_8);
                        in.position(in.position() + length);
                    }
                    case 7 -> classNames[i] = in.getShort() & 0xffff;
                    case 8, 16, 19, 20 -> in.getShort();
                    case 15 -> {
                        in.get();
                        in.getShort();
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.getInt();
                    case 5, 6 -> {
                        in.getLong();
                        i++; // a long or double takes two entries
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            int access = in.getShort() & 0xffff;
            in.getShort(); // this class
            int superIndex = in.getShort() & 0xffff;
            String superName = superIndex == 0 ? null : utf8[classNames[superIndex]];
            int interfaceCount = in.getShort() & 0xffff;
            List<String> interfaces = new ArrayList<>(interfaceCount);
            for (int i = 0; i < interfaceCount; i++) {
                interfaces.add(utf8[classNames[in.getShort() & 0xffff]]);
            }
            skipMembers(in); // fields
            int methodCount = in.getShort() & 0xffff;
            List<Method> methods = new ArrayList<>(methodCount);
            for (int i = 0; i < methodCount; i++) {
                int methodAccess = in.getShort() & 0xffff;
                String name = utf8[in.getShort() & 0xffff];
                String descriptor = utf8[in.getShort() & 0xffff];
                skipAttributes(in);
                methods.add(new Method(methodAccess, name, descriptor));
            }
            return new ClassOutline(access, "java/lang/Object".equals(superName) ? null : superName, List.copyOf(interfaces),
                    List.copyOf(methods));
        } catch (RuntimeException e) {
            throw new IOException("not a readable class file: " + e, e);
        }
    }

    private static void skipMembers(ByteBuffer in) {
        int count = in.getShort() & 0xffff;
        for (int i = 0; i < count; i++) {
            in.position(in.position() + 6);
            skipAttributes(in);
        }
    }

    private static void skipAttributes(ByteBuffer in) {
        int count = in.getShort() & 0xffff;
        for (int i = 0; i < count; i++) {
            in.getShort();
            int length = in.getInt();
            in.position(in.position() + length);
        }
    }
}
