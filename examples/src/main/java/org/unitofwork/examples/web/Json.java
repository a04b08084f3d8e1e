package org.unitofwork.examples.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for the example's flat request and response objects: string and integer members,
 * and arrays of such objects on output. A real service would use a JSON library.
 */
final class Json {
    private Json() {
    }

    /** Parses a flat object such as {@code {"from": 1, "owner": "ann"}}. */
    static Map<String, Object> parseObject(String text) {
        Map<String, Object> members = new LinkedHashMap<>();
        String body = text.strip();
        if (!body.startsWith("{") || !body.endsWith("}")) {
            throw new BadRequestException("expected a JSON object, got: " + text);
        }
        int i = 1;
        int end = body.length() - 1;
        while (true) {
            i = skipSpace(body, i);
            if (i >= end) {
                return members;
            }
            if (body.charAt(i) != '"') {
                throw new BadRequestException("expected a member name at offset " + i + " of: " + text);
            }
            int close = body.indexOf('"', i + 1);
            String name = body.substring(i + 1, close);
            i = skipSpace(body, close + 1);
            if (body.charAt(i) != ':') {
                throw new BadRequestException("expected ':' after \"" + name + "\" in: " + text);
            }
            i = skipSpace(body, i + 1);
            if (body.charAt(i) == '"') {
                int valueEnd = body.indexOf('"', i + 1);
                members.put(name, body.substring(i + 1, valueEnd));
                i = valueEnd + 1;
            } else {
                int valueEnd = i;
                while (valueEnd < end && (body.charAt(valueEnd) == '-' || Character.isDigit(body.charAt(valueEnd)))) {
                    valueEnd++;
                }
                try {
                    members.put(name, Long.parseLong(body.substring(i, valueEnd)));
                } catch (NumberFormatException e) {
                    throw new BadRequestException("member \"" + name + "\" must be a string or an integer in: " + text);
                }
                i = valueEnd;
            }
            i = skipSpace(body, i);
            if (i < end && body.charAt(i) == ',') {
                i++;
            }
        }
    }

    static String object(Map<String, ?> members) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, ?> member : members.entrySet()) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append('"').append(member.getKey()).append("\": ").append(value(member.getValue()));
        }
        return out.append('}').toString();
    }

    static String array(List<? extends Map<String, ?>> objects) {
        StringBuilder out = new StringBuilder("[");
        for (Map<String, ?> object : objects) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(object(object));
        }
        return out.append(']').toString();
    }

    private static String value(Object value) {
        if (value instanceof Number) {
            return value.toString();
        }
        return '"' + String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static int skipSpace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
