package io.greentrain.preprocessing.text.read;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Decodes bytes to text, replacing and counting what cannot be decoded, never failing. */
public final class TextDecoding {

    private static final char REPLACEMENT = '\uFFFD';

    private TextDecoding() {
    }

    /** Decodes all of {@code bytes}. */
    public static DecodedText decode(byte[] bytes, Charset charset) {
        return decode(bytes, 0, bytes.length, charset);
    }

    /**
     * Decodes {@code length} bytes from {@code offset}; each malformed or unmappable sequence becomes one U+FFFD and
     * is counted. A UTF-8 byte order mark at the start is dropped.
     */
    public static DecodedText decode(byte[] bytes, int offset, int length, Charset charset) {
        if (charset.equals(StandardCharsets.UTF_8) && length >= 3 && (bytes[offset] & 0xFF) == 0xEF
                && (bytes[offset + 1] & 0xFF) == 0xBB && (bytes[offset + 2] & 0xFF) == 0xBF) {
            offset += 3;
            length -= 3;
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate(Math.max(16, (int) (length * (double) decoder.maxCharsPerByte()) + 1));
        int errors = 0;
        boolean flushing = false;
        while (true) {
            CoderResult result = flushing ? decoder.flush(out) : decoder.decode(in, out, true);
            if (result.isOverflow()) {
                out = grow(out);
            } else if (result.isError()) {
                errors++;
                in.position(in.position() + result.length());
                if (!out.hasRemaining()) {
                    out = grow(out);
                }
                out.put(REPLACEMENT);
            } else if (!flushing) {
                flushing = true;
            } else {
                break;
            }
        }
        out.flip();
        return new DecodedText(out.toString(), errors);
    }

    /**
     * The charset named in a header or declaration, or {@code fallback} when the name is missing, unknown or
     * unsupported. US-ASCII is widened to UTF-8 (its superset), as mail with 8-bit bytes often claims US-ASCII.
     */
    public static Charset charsetOr(String name, Charset fallback) {
        if (name == null || name.isBlank()) {
            return fallback;
        }
        String cleaned = name.trim().replace("\"", "").replace("'", "").toLowerCase(Locale.ROOT);
        if (cleaned.equals("us-ascii") || cleaned.equals("ascii") || cleaned.equals("ansi_x3.4-1968")) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(cleaned);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    private static CharBuffer grow(CharBuffer out) {
        CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2 + 16);
        out.flip();
        bigger.put(out);
        return bigger;
    }
}
