package io.greentrain.energy.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The ledger's line format: one {@link LedgerEntry} per line as a JSON object whose fields appear in the record's
 * component order, with no whitespace. Doubles are written in Java's round-trip notation, so
 * {@code decode(encode(e)).equals(e)} holds for every entry with finite numbers; NaN and infinities are refused
 * because JSON cannot hold them and a ledger must not.
 *
 * <p>The chain hashes ({@link #sha256Hex}) are always taken over the line as stored, never over a re-encoding, so a
 * ledger stays verifiable even if a later JDK or Jackson spells some double differently.
 *
 * <p>Stateless and thread-safe.
 */
public final class LedgerCodec {

    /** Field names in line order, which is {@link LedgerEntry}'s component order. */
    public static final List<String> FIELD_NAMES;

    private static final JsonFactory JSON = new JsonFactory();
    private static final List<Field> FIELDS = List.of(
            Field.text("applicationId", LedgerEntry::applicationId),
            Field.text("runId", LedgerEntry::runId),
            Field.integer("sequence", LedgerEntry::sequence),
            Field.text("executorId", LedgerEntry::executorId),
            Field.text("host", LedgerEntry::host),
            Field.text("device", LedgerEntry::device),
            Field.text("phase", LedgerEntry::phase),
            Field.text("stage", LedgerEntry::stage),
            Field.text("windowStart", LedgerEntry::windowStart),
            Field.text("windowEnd", LedgerEntry::windowEnd),
            Field.real("activeJoules", LedgerEntry::activeJoules),
            Field.real("idleJoules", LedgerEntry::idleJoules),
            Field.text("method", LedgerEntry::method),
            Field.text("provenance", LedgerEntry::provenance),
            Field.real("pue", LedgerEntry::pue),
            Field.text("pueSource", LedgerEntry::pueSource),
            Field.text("zone", LedgerEntry::zone),
            Field.real("intensityGramsPerKwh", LedgerEntry::intensityGramsPerKwh),
            Field.text("intensitySource", LedgerEntry::intensitySource),
            Field.text("intensityTimestamp", LedgerEntry::intensityTimestamp),
            Field.real("marketGramsPerKwh", LedgerEntry::marketGramsPerKwh),
            Field.text("marketSource", LedgerEntry::marketSource),
            Field.real("locationGrams", LedgerEntry::locationGrams),
            Field.real("marketGrams", LedgerEntry::marketGrams),
            Field.real("embodiedGrams", LedgerEntry::embodiedGrams),
            Field.text("embodiedSource", LedgerEntry::embodiedSource),
            Field.text("previousHash", LedgerEntry::previousHash));
    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        FIELD_NAMES = FIELDS.stream().map(Field::name).toList();
        List<String> components = Arrays.stream(LedgerEntry.class.getRecordComponents())
                .map(RecordComponent::getName).toList();
        if (!FIELD_NAMES.equals(components)) {
            throw new IllegalStateException("LedgerCodec fields " + FIELD_NAMES
                    + " do not follow LedgerEntry's components " + components);
        }
        for (int i = 0; i < FIELDS.size(); i++) {
            INDEX.put(FIELDS.get(i).name(), i);
        }
    }

    private LedgerCodec() {
    }

    /**
     * The canonical line for {@code entry}, without a line terminator.
     *
     * @throws IllegalArgumentException if a number is NaN or infinite
     */
    public static String encode(LedgerEntry entry) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (Field field : FIELDS) {
                Object value = field.getter().apply(entry);
                json.writeFieldName(field.name());
                switch (field.kind()) {
                    case TEXT -> json.writeString((String) value);
                    case INTEGER -> json.writeNumber((long) (Long) value);
                    case REAL -> {
                        double number = (Double) value;
                        if (!Double.isFinite(number)) {
                            throw new IllegalArgumentException("Ledger entry " + entry.runId() + "/"
                                    + entry.sequence() + ": " + field.name() + " is " + number
                                    + "; a ledger holds finite numbers only");
                        }
                        json.writeNumber(number);
                    }
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing JSON to a string failed", e);
        }
        return out.toString();
    }

    /** Decodes a line that does not come from a file; errors name it {@code <string> line 1}. */
    public static LedgerEntry decode(String line) throws LedgerFormatException {
        return decode(line, "<string>", 1);
    }

    /**
     * Decodes one ledger line. Every field must be present exactly once with its type (text or null, integer,
     * number); unknown fields and anything after the object are refused. Field order is not checked: the chain
     * hashes already pin each stored line byte for byte.
     *
     * @param source     the file the line came from, for the error message
     * @param lineNumber the line's number in that file, from 1, for the error message
     * @throws LedgerFormatException naming {@code source} and {@code lineNumber} if the line is malformed
     */
    public static LedgerEntry decode(String line, String source, long lineNumber) throws LedgerFormatException {
        Object[] values = new Object[FIELDS.size()];
        boolean[] seen = new boolean[FIELDS.size()];
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new LedgerFormatException(source, lineNumber, "not a JSON object");
            }
            for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
                String name = json.currentName();
                Integer index = INDEX.get(name);
                if (index == null) {
                    throw new LedgerFormatException(source, lineNumber, "unknown field " + name);
                }
                if (seen[index]) {
                    throw new LedgerFormatException(source, lineNumber, "field " + name + " appears twice");
                }
                seen[index] = true;
                values[index] = readValue(json, FIELDS.get(index), source, lineNumber);
            }
            if (json.nextToken() != null) {
                throw new LedgerFormatException(source, lineNumber, "text after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new LedgerFormatException(source, lineNumber, "malformed JSON: " + e.getOriginalMessage());
        } catch (LedgerFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("Reading JSON from a string failed", e);
        }
        for (int i = 0; i < FIELDS.size(); i++) {
            if (!seen[i]) {
                throw new LedgerFormatException(source, lineNumber, "missing field " + FIELDS.get(i).name());
            }
        }
        for (String required : List.of("runId", "previousHash")) {
            if (values[INDEX.get(required)] == null) {
                throw new LedgerFormatException(source, lineNumber, "field " + required + " is null");
            }
        }
        int i = 0;
        return new LedgerEntry((String) values[i++], (String) values[i++], (Long) values[i++], (String) values[i++],
                (String) values[i++], (String) values[i++], (String) values[i++], (String) values[i++],
                (String) values[i++], (String) values[i++], (Double) values[i++], (Double) values[i++],
                (String) values[i++], (String) values[i++], (Double) values[i++], (String) values[i++],
                (String) values[i++], (Double) values[i++], (String) values[i++], (String) values[i++],
                (Double) values[i++], (String) values[i++], (Double) values[i++], (Double) values[i++],
                (Double) values[i++], (String) values[i++], (String) values[i]);
    }

    /** SHA-256 of the line's UTF-8 bytes (without a line terminator), as 64 lowercase hex digits. */
    public static String sha256Hex(String line) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(line.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime must provide SHA-256", e);
        }
    }

    private static Object readValue(JsonParser json, Field field, String source, long lineNumber)
            throws IOException {
        JsonToken token = json.nextToken();
        switch (field.kind()) {
            case TEXT -> {
                if (token == JsonToken.VALUE_NULL) {
                    return null;
                }
                if (token == JsonToken.VALUE_STRING) {
                    return json.getText();
                }
            }
            case INTEGER -> {
                if (token == JsonToken.VALUE_NUMBER_INT && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    return json.getLongValue();
                }
            }
            case REAL -> {
                if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
                    // Double.parseDouble of the token's text: correctly rounded, so the written double comes back.
                    double number = Double.parseDouble(json.getText());
                    if (!Double.isFinite(number)) {
                        throw new LedgerFormatException(source, lineNumber, "field " + field.name() + ": number "
                                + json.getText() + " is out of range");
                    }
                    return number;
                }
            }
        }
        throw new LedgerFormatException(source, lineNumber, "field " + field.name() + ": expected "
                + field.kind().description + ", found " + describe(token, json));
    }

    private static String describe(JsonToken token, JsonParser json) throws IOException {
        if (token == null) {
            return "the end of the line";
        }
        return switch (token) {
            case VALUE_STRING -> "text \"" + json.getText() + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number " + json.getText();
            case VALUE_NULL -> "null";
            case VALUE_TRUE, VALUE_FALSE -> "boolean " + json.getText();
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private enum Kind {
        TEXT("text or null"), INTEGER("an integer"), REAL("a number");

        private final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    private record Field(String name, Kind kind, Function<LedgerEntry, Object> getter) {
        static Field text(String name, Function<LedgerEntry, String> getter) {
            return new Field(name, Kind.TEXT, getter::apply);
        }

        static Field integer(String name, Function<LedgerEntry, Long> getter) {
            return new Field(name, Kind.INTEGER, getter::apply);
        }

        static Field real(String name, Function<LedgerEntry, Double> getter) {
            return new Field(name, Kind.REAL, getter::apply);
        }
    }
}
