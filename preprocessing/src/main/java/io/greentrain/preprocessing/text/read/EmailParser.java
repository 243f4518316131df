package io.greentrain.preprocessing.text.read;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts the text of a raw RFC 822 / MIME message: headers are stripped (the Subject optionally kept as the first
 * line, RFC 2047 encoded words decoded); {@code multipart/alternative} keeps its plain-text part (else its HTML part,
 * reduced to text); other multiparts keep every text part in order; {@code message/rfc822} parts are read
 * recursively; quoted-printable and base64 transfer encodings are decoded; the charset comes from the part's
 * {@code Content-Type} with a fallback; non-text parts (attachments, images, ...) are dropped and counted. Never
 * throws on malformed input: what cannot be decoded is replaced and counted.
 */
public final class EmailParser {

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([bBqQ])\\?([^?]*)\\?=");
    private static final int MAX_DEPTH = 16;

    private final Charset fallback;
    private final boolean keepSubject;
    private int encodingErrors;
    private int attachmentsDropped;

    private EmailParser(Charset fallback, boolean keepSubject) {
        this.fallback = fallback;
        this.keepSubject = keepSubject;
    }

    /** Parses one message; {@code fallback} decodes parts that name no charset or an unknown one. */
    public static ParsedEmail parse(byte[] raw, Charset fallback, boolean keepSubject) {
        EmailParser parser = new EmailParser(fallback, keepSubject);
        int start = 0;
        if (startsWith(raw, 0, "From ")) {
            start = nextLine(raw, 0);
        }
        Entity message = parser.entity(raw, start, raw.length);
        StringBuilder text = new StringBuilder();
        if (keepSubject) {
            String subject = message.headers.get("subject");
            if (subject != null && !subject.isBlank()) {
                text.append(parser.decodeHeader(subject).strip()).append("\n\n");
            }
        }
        text.append(parser.body(message, 0));
        return new ParsedEmail(text.toString(), parser.encodingErrors, parser.attachmentsDropped);
    }

    private record Entity(Map<String, String> headers, byte[] raw, int bodyStart, int end) {
        String contentType() {
            String value = headers.getOrDefault("content-type", "text/plain");
            int semicolon = value.indexOf(';');
            return (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        }

        String parameter(String header, String name) {
            String value = headers.get(header);
            if (value == null) {
                return null;
            }
            Matcher m = Pattern.compile("(?i)(?:^|;)\\s*" + Pattern.quote(name) + "\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)")
                    .matcher(value);
            if (!m.find()) {
                return null;
            }
            return m.group(2) != null ? m.group(2) : m.group(1);
        }
    }

    private Entity entity(byte[] raw, int start, int end) {
        Map<String, String> headers = new LinkedHashMap<>();
        int pos = start;
        String name = null;
        StringBuilder value = new StringBuilder();
        while (pos < end) {
            int lineEnd = lineEnd(raw, pos, end);
            int next = Math.min(end, nextLine(raw, pos));
            if (lineEnd == pos) {
                pos = next;
                break;
            }
            String line = new String(raw, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.strip());
            } else {
                if (name != null) {
                    headers.putIfAbsent(name, value.toString());
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    // Not a header: the message has no header block, the body starts here.
                    name = null;
                    break;
                }
                name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                value.setLength(0);
                value.append(line.substring(colon + 1).strip());
            }
            pos = next;
        }
        if (name != null) {
            headers.putIfAbsent(name, value.toString());
        }
        return new Entity(headers, raw, pos, end);
    }

    private String body(Entity entity, int depth) {
        String type = entity.contentType();
        if (depth > MAX_DEPTH) {
            return "";
        }
        if (type.startsWith("multipart/")) {
            String boundary = entity.parameter("content-type", "boundary");
            if (boundary == null) {
                return decodedText(entity, false);
            }
            List<Entity> parts = parts(entity, boundary);
            if (type.equals("multipart/alternative")) {
                return alternative(parts, depth);
            }
            StringBuilder out = new StringBuilder();
            for (Entity part : parts) {
                appendParagraph(out, body(part, depth + 1));
            }
            return out.toString();
        }
        if (type.equals("message/rfc822")) {
            byte[] inner = transferDecoded(entity);
            return body(entity(inner, 0, inner.length), depth + 1);
        }
        if (type.equals("text/plain") || type.isEmpty() || type.equals("text")) {
            return decodedText(entity, false);
        }
        if (type.equals("text/html")) {
            return decodedText(entity, true);
        }
        if (entity.end > entity.bodyStart) {
            attachmentsDropped++;
        }
        return "";
    }

    private String alternative(List<Entity> parts, int depth) {
        Entity best = null;
        for (Entity part : parts) {
            String type = part.contentType();
            if (type.equals("text/plain")) {
                best = part;
                break;
            }
            if (best == null || type.startsWith("multipart/")) {
                best = part;
            }
        }
        return best == null ? "" : body(best, depth + 1);
    }

    private List<Entity> parts(Entity entity, String boundary) {
        byte[] raw = entity.raw;
        String delimiter = "--" + boundary;
        List<Entity> parts = new ArrayList<>();
        int partStart = -1;
        int pos = entity.bodyStart;
        while (pos < entity.end) {
            int lineEnd = lineEnd(raw, pos, entity.end);
            int next = Math.min(entity.end, nextLine(raw, pos));
            if (startsWith(raw, pos, delimiter)) {
                String rest = new String(raw, pos + delimiter.length(), Math.max(0, lineEnd - pos - delimiter.length()),
                        StandardCharsets.ISO_8859_1).strip();
                if (rest.isEmpty() || rest.equals("--")) {
                    if (partStart >= 0) {
                        parts.add(entity(raw, partStart, trimLineBreak(raw, partStart, pos)));
                    }
                    if (rest.equals("--")) {
                        return parts;
                    }
                    partStart = next;
                }
            }
            pos = next;
        }
        if (partStart >= 0 && partStart < entity.end) {
            parts.add(entity(raw, partStart, entity.end));
        }
        return parts;
    }

    private String decodedText(Entity entity, boolean html) {
        byte[] bytes = transferDecoded(entity);
        Charset charset = TextDecoding.charsetOr(entity.parameter("content-type", "charset"), fallback);
        DecodedText decoded = TextDecoding.decode(bytes, charset);
        encodingErrors += decoded.encodingErrors();
        return html ? HtmlText.toText(decoded.text()) : decoded.text();
    }

    private byte[] transferDecoded(Entity entity) {
        String encoding = entity.headers.getOrDefault("content-transfer-encoding", "7bit").strip()
                .toLowerCase(Locale.ROOT);
        int length = Math.max(0, entity.end - entity.bodyStart);
        byte[] body = new byte[length];
        System.arraycopy(entity.raw, entity.bodyStart, body, 0, length);
        if (encoding.equals("base64")) {
            return base64(body);
        }
        if (encoding.equals("quoted-printable")) {
            return quotedPrintable(body, false);
        }
        return body;
    }

    /**
     * Lenient base64: characters outside the alphabet (line breaks, stray bytes) are skipped, decoding stops at the
     * first {@code =}, and the bits of an incomplete final group are dropped.
     */
    static byte[] base64(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 3 / 4 + 1);
        int buffer = 0;
        int bits = 0;
        for (byte b : body) {
            int value;
            if (b >= 'A' && b <= 'Z') {
                value = b - 'A';
            } else if (b >= 'a' && b <= 'z') {
                value = b - 'a' + 26;
            } else if (b >= '0' && b <= '9') {
                value = b - '0' + 52;
            } else if (b == '+' || b == '-') {
                value = 62;
            } else if (b == '/' || b == '_') {
                value = 63;
            } else if (b == '=') {
                break;
            } else {
                continue;
            }
            buffer = ((buffer << 6) | value) & 0xFFFFFF;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out.write((buffer >> bits) & 0xFF);
            }
        }
        return out.toByteArray();
    }

    /** Quoted-printable: soft line breaks joined, {@code =XX} decoded, malformed escapes kept literally. */
    static byte[] quotedPrintable(byte[] body, boolean underscoreIsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == '=') {
                if (i + 1 < body.length && body[i + 1] == '\n') {
                    i += 1;
                    continue;
                }
                if (i + 2 < body.length && body[i + 1] == '\r' && body[i + 2] == '\n') {
                    i += 2;
                    continue;
                }
                if (i + 2 < body.length) {
                    int high = Character.digit(body[i + 1], 16);
                    int low = Character.digit(body[i + 2], 16);
                    if (high >= 0 && low >= 0) {
                        out.write(high * 16 + low);
                        i += 2;
                        continue;
                    }
                }
                out.write(b);
            } else if (b == '_' && underscoreIsSpace) {
                out.write(' ');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** Decodes RFC 2047 encoded words ({@code =?charset?B|Q?...?=}); whitespace between adjacent words is dropped. */
    String decodeHeader(String value) {
        String joined = value.replaceAll("\\?=\\s+=\\?", "?==?");
        Matcher m = ENCODED_WORD.matcher(joined);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(joined, last, m.start());
            Charset charset = TextDecoding.charsetOr(m.group(1), fallback);
            byte[] ascii = m.group(3).getBytes(StandardCharsets.ISO_8859_1);
            byte[] bytes = m.group(2).equalsIgnoreCase("B") ? base64(ascii) : quotedPrintable(ascii, true);
            DecodedText decoded = TextDecoding.decode(bytes, charset);
            encodingErrors += decoded.encodingErrors();
            out.append(decoded.text());
            last = m.end();
        }
        out.append(joined.substring(last));
        String text = out.toString();
        // Raw 8-bit header bytes were read as ISO-8859-1; reinterpret them in the fallback charset.
        boolean eightBit = text.chars().anyMatch(c -> c >= 0x80 && c <= 0xFF) && last == 0;
        if (eightBit) {
            DecodedText decoded = TextDecoding.decode(text.getBytes(StandardCharsets.ISO_8859_1), fallback);
            encodingErrors += decoded.encodingErrors();
            return decoded.text();
        }
        return text;
    }

    private static void appendParagraph(StringBuilder out, String text) {
        if (text.isBlank()) {
            return;
        }
        if (out.length() > 0) {
            out.append("\n\n");
        }
        out.append(text);
    }

    private static boolean startsWith(byte[] raw, int pos, String prefix) {
        if (pos + prefix.length() > raw.length) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (raw[pos + i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int lineEnd(byte[] raw, int pos, int end) {
        int i = pos;
        while (i < end && raw[i] != '\n') {
            i++;
        }
        return i > pos && raw[i - 1] == '\r' ? i - 1 : i;
    }

    private static int nextLine(byte[] raw, int pos) {
        int i = pos;
        while (i < raw.length && raw[i] != '\n') {
            i++;
        }
        return i + 1;
    }

    private static int trimLineBreak(byte[] raw, int start, int end) {
        int e = end;
        if (e > start && raw[e - 1] == '\n') {
            e--;
        }
        if (e > start && raw[e - 1] == '\r') {
            e--;
        }
        return e;
    }
}
