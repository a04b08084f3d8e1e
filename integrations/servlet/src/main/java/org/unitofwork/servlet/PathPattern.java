package org.unitofwork.servlet;

/**
 * One path pattern of {@link UnitOfWorkFilter}, in the three forms of a servlet URL pattern: an exact
 * path ({@code /health}), a prefix ({@code /api/*}, which also matches {@code /api} itself) or an
 * extension ({@code *.json}). Matched against the request's path within the application.
 */
final class PathPattern {
    private static final String FORMS = "write an exact path (/health), a prefix (/api/*) or an extension (*.json)";

    private final String pattern;
    /** The exact path, the prefix without its {@code /*}, or the extension with its dot. */
    private final String part;
    private final char kind;

    private PathPattern(String pattern, String part, char kind) {
        this.pattern = pattern;
        this.part = part;
        this.kind = kind;
    }

    /**
     * Reads one pattern.
     *
     * @throws IllegalArgumentException when it is none of the three forms, naming it
     */
    static PathPattern of(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("a path pattern must not be blank; " + FORMS);
        }
        if (pattern.equals("/")) {
            // in a servlet mapping "/" means "whatever no other servlet takes", which a filter cannot know
            throw new IllegalArgumentException("\"/\" is ambiguous as a path pattern: write /* for every path");
        }
        if (pattern.startsWith("*.") && pattern.length() > 2 && pattern.indexOf('/') < 0
                && pattern.indexOf('*', 1) < 0) {
            return new PathPattern(pattern, pattern.substring(1), 'e');
        }
        if (pattern.startsWith("/")) {
            if (pattern.endsWith("/*") && pattern.indexOf('*') == pattern.length() - 1) {
                return new PathPattern(pattern, pattern.substring(0, pattern.length() - 2), 'p');
            }
            if (pattern.indexOf('*') < 0) {
                return new PathPattern(pattern, pattern, 'x');
            }
        }
        throw new IllegalArgumentException("\"" + pattern + "\" is not a path pattern; " + FORMS);
    }

    boolean matches(String path) {
        switch (kind) {
            case 'x':
                return path.equals(part);
            case 'p':
                return path.startsWith(part) && (path.length() == part.length() || path.charAt(part.length()) == '/');
            default:
                return path.endsWith(part);
        }
    }

    @Override
    public String toString() {
        return pattern;
    }
}
