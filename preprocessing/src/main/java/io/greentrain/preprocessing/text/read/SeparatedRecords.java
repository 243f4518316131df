package io.greentrain.preprocessing.text.read;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * The records of a plain-text stream whose records are separated by whole lines matching a regular expression: a
 * line holding only {@code %} in {@code fortune} files ({@code ^%$}), {@code ---} in many dumps, a form feed, or a
 * blank line between paragraphs ({@code ^\s*$}).
 *
 * <p>The stream is read once, a line at a time, so a file need not fit in memory (one record must). Lines end at
 * {@code \n}; a {@code \r} before it is dropped, so CR LF files read like LF files. A line is a separator when the
 * whole line, without its line break, {@link java.util.regex.Matcher#matches() matches} the pattern; a separator
 * that is only part of a line ({@code 50% off} for {@code ^%$}) is text. A record's text is its lines joined with
 * {@code \n}. Blank records (nothing, or only whitespace, between two separators, before the first or after the last)
 * are skipped, and the others are numbered from 0 in file order, so record {@code n} is the n-th record with text.
 * Bytes are split into lines before decoding, which suits every charset that writes {@code \n} as the byte 0x0A and
 * never uses that byte inside another character (UTF-8, ISO-8859-*, GB18030, Big5, Shift_JIS, EUC-*), not UTF-16.
 *
 * <p>Not thread-safe; {@link #close()} closes the stream, which also happens when the last record has been read.
 */
public final class SeparatedRecords implements Iterator<SeparatedRecords.Record>, Closeable {

    /**
     * One record.
     *
     * @param index          the record's number among the stream's non-blank records, from 0
     * @param text           its lines joined with {@code \n}, with U+FFFD where bytes did not decode
     * @param encodingErrors how many byte sequences of its lines were replaced
     */
    public record Record(long index, String text, int encodingErrors) {
    }

    private final InputStream in;
    private final Pattern separator;
    private final Charset charset;
    private byte[] line = new byte[256];
    private long nextIndex;
    private Record next;
    private boolean exhausted;

    /**
     * Records of {@code in}, which this object closes.
     *
     * @param separator matched against whole lines without their line break
     */
    public SeparatedRecords(InputStream in, Pattern separator, Charset charset) {
        this.in = new BufferedInputStream(in);
        this.separator = separator;
        this.charset = charset;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !exhausted) {
            next = readRecord();
        }
        return next != null;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records");
        }
        Record record = next;
        next = null;
        return record;
    }

    @Override
    public void close() {
        exhausted = true;
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close a text file", e);
        }
    }

    /** The next non-blank record, or null at the end of the stream (which is then closed). */
    private Record readRecord() {
        try {
            StringBuilder text = new StringBuilder();
            int errors = 0;
            boolean hasLine = false;
            int length;
            while ((length = readLine()) >= 0) {
                DecodedText decoded = TextDecoding.decode(line, 0, length, charset);
                if (separator.matcher(decoded.text()).matches()) {
                    if (!text.toString().isBlank()) {
                        return new Record(nextIndex++, text.toString(), errors);
                    }
                    text.setLength(0);
                    errors = 0;
                    hasLine = false;
                    continue;
                }
                if (hasLine) {
                    text.append('\n');
                }
                text.append(decoded.text());
                errors += decoded.encodingErrors();
                hasLine = true;
            }
            close();
            return text.toString().isBlank() ? null : new Record(nextIndex++, text.toString(), errors);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot read a text file", e);
        }
    }

    /** Reads the next line, without {@code \n} or {@code \r\n}, into {@link #line}; its length, or -1 at the end. */
    private int readLine() throws IOException {
        int length = 0;
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (length == line.length) {
                line = Arrays.copyOf(line, line.length * 2);
            }
            line[length++] = (byte) b;
        }
        if (b < 0 && length == 0) {
            return -1;
        }
        return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
    }
}
