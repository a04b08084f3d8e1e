package org.unitofwork.agent.choose;

/**
 * Which of a few names a class file's constant pool holds, found by walking the pool's entries
 * rather than scanning every byte: each entry costs a tag and a length, and only the UTF-8 entries
 * as long as a name sought are compared. The filter runs on every class the JVM loads, mostly
 * before the JIT compiles it, so the bytecodes it executes per class are the agent's start-up cost.
 */
final class ConstantPoolNames {
    /** Every bit set: what a class file the walk cannot read may hold, for the caller to look again. */
    static final int UNREADABLE = -1;

    private ConstantPoolNames() {
    }

    /**
     * @param classFile a class file
     * @param names at most 31 names, as the constant pool's UTF-8 entries hold them
     * @return bit {@code i} set when the pool holds {@code names[i]}; {@link #UNREADABLE} when the
     *     pool holds an entry this walk does not know (a newer class file version) or is cut short
     */
    static int find(byte[] classFile, byte[][] names) {
        int shortest = Integer.MAX_VALUE;
        int longest = 0;
        for (byte[] name : names) {
            shortest = Math.min(shortest, name.length);
            longest = Math.max(longest, name.length);
        }
        if (classFile.length < 10) {
            return UNREADABLE;
        }
        int count = u2(classFile, 8);
        int at = 10;
        int found = 0;
        for (int index = 1; index < count; index++) {
            if (at >= classFile.length) {
                return UNREADABLE;
            }
            switch (classFile[at]) {
                case 1: // Utf8
                    if (at + 3 > classFile.length) {
                        return UNREADABLE;
                    }
                    int length = u2(classFile, at + 1);
                    if (length >= shortest && length <= longest) {
                        found |= matching(classFile, at + 3, length, names);
                    }
                    at += 3 + length;
                    break;
                case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                    at += 3;
                    break;
                case 15: // MethodHandle
                    at += 4;
                    break;
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                    at += 5; // Integer, Float, the member references, NameAndType, Dynamic, InvokeDynamic
                    break;
                case 5: case 6: // Long, Double: they take two slots
                    at += 9;
                    index++;
                    break;
                default:
                    return UNREADABLE;
            }
        }
        return at <= classFile.length ? found : UNREADABLE;
    }

    private static int matching(byte[] classFile, int start, int length, byte[][] names) {
        int found = 0;
        for (int i = 0; i < names.length; i++) {
            byte[] name = names[i];
            if (name.length == length && start + length <= classFile.length && equal(classFile, start, name)) {
                found |= 1 << i;
            }
        }
        return found;
    }

    private static boolean equal(byte[] classFile, int start, byte[] name) {
        // from the end: the names sought share their package prefixes with many of the pool's entries
        for (int j = name.length - 1; j >= 0; j--) {
            if (classFile[start + j] != name[j]) {
                return false;
            }
        }
        return true;
    }

    private static int u2(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }
}
