package io.greentrain.preprocessing.text.read;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How to read a corpus.
 *
 * @param format          how files hold documents
 * @param textFields      JSON only: the fields whose values form the text, in order, joined with a newline; a field
 *                        may hold a string or an array of strings (joined with a newline); nested fields with dots
 *                        ({@code body.text}). Default {@code ["text"]}.
 * @param idField         JSON only: a field kept as {@code source_id} when present (null: none); the document's
 *                        {@code doc_id} stays the stable hash of source and record index either way
 * @param charset         the charset of plain text and JSON files, and the fallback for e-mail parts that name
 *                        none or an unknown one. Default UTF-8.
 * @param keepSubject     e-mail only: put the decoded Subject header as the first line. Default true.
 * @param recordSeparator {@link TextFormat#TEXT_FILE} only: a regular expression matched against whole lines (without
 *                        their line break) that separate a file's records, such as {@code ^%$} for {@code fortune}
 *                        files or {@code ^\s*$} for blank-line paragraphs ({@link SeparatedRecords}); the file is then
 *                        streamed and yields one document per non-blank record. Null (default): one document per file.
 * @param jsonMaxStringLength JSON only: the longest string value, in characters, that a record may hold (Jackson's
 *                        {@code StreamReadConstraints}); a record with a longer one is read as an error that says so.
 *                        Default {@link #JSON_MAX_STRING_LENGTH_DEFAULT}.
 * @throws IllegalArgumentException when the charset is unknown, the separator is not a regular expression, or a
 *                                  separator is given for a format other than {@code TEXT_FILE}
 */
public record ReaderSpec(TextFormat format, List<String> textFields, String idField, String charset,
                         boolean keepSubject, String recordSeparator, int jsonMaxStringLength)
        implements java.io.Serializable {

    public static final List<String> TEXT_FIELDS_DEFAULT = List.of("text");
    /** Jackson's own default limit, 20 million characters, stated here so that it is documented. */
    public static final int JSON_MAX_STRING_LENGTH_DEFAULT = 20_000_000;
    public static final String CHARSET_DEFAULT = "UTF-8";
    public static final boolean KEEP_SUBJECT_DEFAULT = true;

    /** A spec with the default JSON string length limit. */
    public ReaderSpec(TextFormat format, List<String> textFields, String idField, String charset, boolean keepSubject,
                      String recordSeparator) {
        this(format, textFields, idField, charset, keepSubject, recordSeparator, JSON_MAX_STRING_LENGTH_DEFAULT);
    }

    public ReaderSpec {
        Objects.requireNonNull(format, "format");
        if (jsonMaxStringLength < 1) {
            throw new IllegalArgumentException("the JSON string length limit must be positive, got " + jsonMaxStringLength);
        }
        textFields = List.copyOf(textFields == null || textFields.isEmpty() ? TEXT_FIELDS_DEFAULT : textFields);
        charset = charset == null ? CHARSET_DEFAULT : charset;
        Charset.forName(charset);
        if (recordSeparator != null) {
            if (format != TextFormat.TEXT_FILE) {
                throw new IllegalArgumentException("a record separator applies to plain text files read whole "
                        + "(format TEXT_FILE), not to " + format);
            }
            try {
                Pattern.compile(recordSeparator);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("the record separator is not a regular expression: "
                        + e.getDescription() + " in '" + recordSeparator + "'");
            }
        }
    }

    /** Defaults for {@code format}. */
    public static ReaderSpec of(TextFormat format) {
        return new ReaderSpec(format, TEXT_FIELDS_DEFAULT, null, CHARSET_DEFAULT, KEEP_SUBJECT_DEFAULT, null);
    }

    /** JSON records whose text is the given fields joined with newlines. */
    public static ReaderSpec json(String... textFields) {
        return new ReaderSpec(TextFormat.JSON, List.of(textFields), null, CHARSET_DEFAULT, KEEP_SUBJECT_DEFAULT, null);
    }

    public ReaderSpec withIdField(String field) {
        return new ReaderSpec(format, textFields, field, charset, keepSubject, recordSeparator, jsonMaxStringLength);
    }

    public ReaderSpec withCharset(String name) {
        return new ReaderSpec(format, textFields, idField, name, keepSubject, recordSeparator, jsonMaxStringLength);
    }

    public ReaderSpec withKeepSubject(boolean keep) {
        return new ReaderSpec(format, textFields, idField, charset, keep, recordSeparator, jsonMaxStringLength);
    }

    /** Plain text files split into records at lines matching {@code regex} ({@link SeparatedRecords}). */
    public static ReaderSpec textRecords(String regex) {
        return new ReaderSpec(TextFormat.TEXT_FILE, TEXT_FIELDS_DEFAULT, null, CHARSET_DEFAULT, KEEP_SUBJECT_DEFAULT,
                regex);
    }

    /** The compiled record separator, or null when files are read whole. */
    Pattern recordSeparatorPattern() {
        return recordSeparator == null ? null : Pattern.compile(recordSeparator);
    }

    Charset resolvedCharset() {
        return charset.equalsIgnoreCase("UTF-8") ? StandardCharsets.UTF_8 : Charset.forName(charset);
    }
}
