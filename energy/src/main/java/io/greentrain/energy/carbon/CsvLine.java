package io.greentrain.energy.carbon;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of comma-separated values (RFC 4180): fields may be double-quoted, a quote inside
 * a quoted field is written twice. A quoted field cannot span lines. Fields are trimmed.
 */
final class CsvLine {

    private CsvLine() {
    }

    /**
     * @throws IllegalArgumentException when a quoted field is not closed, or text follows a closing quote
     */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            if (i < line.length() && line.charAt(i) == '"') {
                i = readQuoted(line, i + 1, field);
                while (i < line.length() && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("text after a closing quote at column " + (i + 1));
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString().trim());
            field.setLength(0);
            if (i >= line.length()) {
                return fields;
            }
            i++;
        }
    }

    private static int readQuoted(String line, int from, StringBuilder field) {
        int i = from;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            field.append(c);
            i++;
        }
        throw new IllegalArgumentException("a quoted field is not closed on this line");
    }
}
