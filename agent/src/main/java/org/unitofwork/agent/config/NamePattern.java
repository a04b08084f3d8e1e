package org.unitofwork.agent.config;

import java.util.regex.Pattern;

/**
 * A name pattern of the configuration file. In a class pattern {@code *} stands for any characters
 * but a dot (part of one package or class name) and {@code **} for any characters (any number of
 * packages); in a method pattern {@code *} stands for any characters. Nested classes are written
 * with {@code $}, as the JVM names them: {@code com.legacy.Outer$Inner}.
 */
public final class NamePattern {
    private final String text;
    private final Pattern regex;

    private NamePattern(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    /** A pattern for fully qualified class names. */
    static NamePattern forClasses(String text) {
        return new NamePattern(text, compile(text, "[^.]*"));
    }

    /** A pattern for method names. */
    static NamePattern forMethods(String text) {
        return new NamePattern(text, compile(text, ".*"));
    }

    private static Pattern compile(String text, String singleStar) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append(singleStar);
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /**
     * Whether a name matches.
     *
     * @param name a class's binary name or a method's name
     * @return whether the pattern matches all of it
     */
    public boolean matches(String name) {
        return regex.matcher(name).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
