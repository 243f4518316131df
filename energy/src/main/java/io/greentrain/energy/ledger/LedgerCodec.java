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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The ledger's line format: one {@link LedgerRecord} per line as a JSON object with no whitespace.
 *
 * <ul>
 *   <li>An energy {@link LedgerEntry} has its fields in the record's component order and no {@code kind} field,
 *       exactly as ledgers were written before work lines existed, so old ledgers read and verify unchanged.</li>
 *   <li>A {@link WorkRecord} starts with {@code "kind":"work"}, then its fields in component order:
 *       {@code {"kind":"work","applicationId":"app-1","runId":"r1","sequence":7,"phase":"train/epoch-3",
 *       "unit":"tokens","amount":123456,"recordedAt":"2024-05-01T10:00:00Z","previousHash":"..."}}.</li>
 * </ul>
 *
 * Doubles are written in Java's round-trip notation, so {@code decode(encode(r)).equals(r)} holds for every record
 * with finite numbers; NaN and infinities are refused because JSON cannot hold them and a ledger must not.
 *
 * <p>The chain hashes ({@link #sha256Hex}) are always taken over the line as stored, never over a re-encoding, so a
 * ledger stays verifiable even if a later JDK or Jackson spells some double differently.
 *
 * <p>Stateless and thread-safe.
 */
public final class LedgerCodec {

    /** The field that tells a line's kind; absent on energy entries. */
    public static final String KIND_FIELD = "kind";

    /** Energy entry field names in line order, which is {@link LedgerEntry}'s component order. */
    public static final List<String> FIELD_NAMES;

    /** Work line field names in line order after {@link #KIND_FIELD}, which is {@link WorkRecord}'s component order. */
    public static final List<String> WORK_FIELD_NAMES;

    private static final JsonFactory JSON = new JsonFactory();

    private static final Schema<LedgerEntry> ENERGY = new Schema<>(LedgerEntry.class, null, List.of(
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
            Field.text("previousHash", LedgerEntry::previousHash)),
            v -> new LedgerEntry((String) v[0], (String) v[1], (Long) v[2], (String) v[3], (String) v[4],
                    (String) v[5], (String) v[6], (String) v[7], (String) v[8], (String) v[9], (Double) v[10],
                    (Double) v[11], (String) v[12], (String) v[13], (Double) v[14], (String) v[15], (String) v[16],
                    (Double) v[17], (String) v[18], (String) v[19], (Double) v[20], (String) v[21], (Double) v[22],
                    (Double) v[23], (Double) v[24], (String) v[25], (String) v[26]));

    private static final Schema<WorkRecord> WORK = new Schema<>(WorkRecord.class, WorkRecord.KIND, List.of(
            Field.text("applicationId", WorkRecord::applicationId),
            Field.text("runId", WorkRecord::runId),
            Field.integer("sequence", WorkRecord::sequence),
            Field.text("phase", WorkRecord::phase),
            Field.text("unit", WorkRecord::unit),
            Field.integer("amount", WorkRecord::amount),
            Field.text("recordedAt", WorkRecord::recordedAt),
            Field.text("previousHash", WorkRecord::previousHash)),
            v -> new WorkRecord((String) v[0], (String) v[1], (Long) v[2], (String) v[3], (String) v[4],
                    (Long) v[5], (String) v[6], (String) v[7]));

    static {
        FIELD_NAMES = ENERGY.names();
        WORK_FIELD_NAMES = WORK.names();
    }

    private LedgerCodec() {
    }

    /**
     * The canonical line for {@code record}, without a line terminator.
     *
     * @throws IllegalArgumentException if a number is NaN or infinite
     */
    public static String encode(LedgerRecord record) {
        if (record instanceof WorkRecord work) {
            return WORK.encode(work);
        }
        return ENERGY.encode((LedgerEntry) record);
    }

    /** Decodes a line that does not come from a file; errors name it {@code <string> line 1}. */
    public static LedgerRecord decode(String line) throws LedgerFormatException {
        return decode(line, "<string>", 1);
    }

    /**
     * Decodes one ledger line: a work record when its {@code kind} is {@code work}, an energy entry when it has no
     * {@code kind}; any other kind is refused. Every field of that kind must be present exactly once with its type
     * (text or null, integer, number); unknown fields and anything after the object are refused, and so are values
     * the record refuses (a negative amount, a blank phase, ...). Field order is not checked: the chain hashes
     * already pin each stored line byte for byte.
     *
     * @param source     the file the line came from, for the error message
     * @param lineNumber the line's number in that file, from 1, for the error message
     * @throws LedgerFormatException naming {@code source} and {@code lineNumber} if the line is malformed
     */
    public static LedgerRecord decode(String line, String source, long lineNumber) throws LedgerFormatException {
        Map<String, RawValue> raw = new LinkedHashMap<>();
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new LedgerFormatException(source, lineNumber, "not a JSON object");
            }
            for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                RawValue read = new RawValue(value, describe(value, json),
                        value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT
                                || value == JsonToken.VALUE_NUMBER_FLOAT ? json.getText() : null,
                        value == JsonToken.VALUE_NUMBER_INT
                                && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER);
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    json.skipChildren();
                }
                if (raw.put(name, read) != null) {
                    throw new LedgerFormatException(source, lineNumber, "field " + name + " appears twice");
                }
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
        RawValue kind = raw.remove(KIND_FIELD);
        if (kind == null) {
            return ENERGY.decode(raw, source, lineNumber);
        }
        if (kind.token() == JsonToken.VALUE_STRING && WorkRecord.KIND.equals(kind.text())) {
            return WORK.decode(raw, source, lineNumber);
        }
        throw new LedgerFormatException(source, lineNumber, "unknown kind " + kind.description()
                + " (expected \"" + WorkRecord.KIND + "\", or no kind for an energy entry)");
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

    /** A field's value as parsed, before the line's kind says what type it must have. */
    private record RawValue(JsonToken token, String description, String text, boolean longInteger) {
    }

    private enum Kind {
        TEXT("text or null"), INTEGER("an integer"), REAL("a number");

        private final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    private record Field<R>(String name, Kind kind, Function<R, Object> getter) {
        static <R> Field<R> text(String name, Function<R, String> getter) {
            return new Field<>(name, Kind.TEXT, getter::apply);
        }

        static <R> Field<R> integer(String name, Function<R, Long> getter) {
            return new Field<>(name, Kind.INTEGER, getter::apply);
        }

        static <R> Field<R> real(String name, Function<R, Double> getter) {
            return new Field<>(name, Kind.REAL, getter::apply);
        }
    }

    /** The fields of one kind of line, in order, and how to build its record. */
    private static final class Schema<R extends LedgerRecord> {
        private final String kind;
        private final List<Field<R>> fields;
        private final Function<Object[], R> constructor;

        Schema(Class<R> type, String kind, List<Field<R>> fields, Function<Object[], R> constructor) {
            this.kind = kind;
            this.fields = fields;
            this.constructor = constructor;
            List<String> components = Arrays.stream(type.getRecordComponents())
                    .map(RecordComponent::getName).toList();
            if (!names().equals(components)) {
                throw new IllegalStateException("LedgerCodec fields " + names() + " do not follow "
                        + type.getSimpleName() + "'s components " + components);
            }
        }

        List<String> names() {
            return fields.stream().map(Field::name).toList();
        }

        String encode(R record) {
            StringWriter out = new StringWriter(512);
            try (JsonGenerator json = JSON.createGenerator(out)) {
                json.writeStartObject();
                if (kind != null) {
                    json.writeStringField(KIND_FIELD, kind);
                }
                for (Field<R> field : fields) {
                    Object value = field.getter().apply(record);
                    json.writeFieldName(field.name());
                    switch (field.kind()) {
                        case TEXT -> json.writeString((String) value);
                        case INTEGER -> json.writeNumber((long) (Long) value);
                        case REAL -> {
                            double number = (Double) value;
                            if (!Double.isFinite(number)) {
                                throw new IllegalArgumentException("Ledger line " + record.runId() + "/"
                                        + record.sequence() + ": " + field.name() + " is " + number
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

        R decode(Map<String, RawValue> raw, String source, long lineNumber) throws LedgerFormatException {
            List<String> names = names();
            Object[] values = new Object[fields.size()];
            for (Map.Entry<String, RawValue> value : raw.entrySet()) {
                int index = names.indexOf(value.getKey());
                if (index < 0) {
                    throw new LedgerFormatException(source, lineNumber, "unknown field " + value.getKey());
                }
                values[index] = convert(value.getValue(), fields.get(index), source, lineNumber);
            }
            for (String name : names) {
                if (!raw.containsKey(name)) {
                    throw new LedgerFormatException(source, lineNumber, "missing field " + name);
                }
            }
            for (String required : List.of("runId", "previousHash")) {
                if (values[names.indexOf(required)] == null) {
                    throw new LedgerFormatException(source, lineNumber, "field " + required + " is null");
                }
            }
            try {
                return constructor.apply(values);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new LedgerFormatException(source, lineNumber, e.getMessage());
            }
        }

        private Object convert(RawValue value, Field<R> field, String source, long lineNumber)
                throws LedgerFormatException {
            JsonToken token = value.token();
            switch (field.kind()) {
                case TEXT -> {
                    if (token == JsonToken.VALUE_NULL) {
                        return null;
                    }
                    if (token == JsonToken.VALUE_STRING) {
                        return value.text();
                    }
                }
                case INTEGER -> {
                    if (value.longInteger()) {
                        return Long.parseLong(value.text());
                    }
                }
                case REAL -> {
                    if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
                        // Double.parseDouble of the token's text: correctly rounded, so the written double comes back.
                        double number = Double.parseDouble(value.text());
                        if (!Double.isFinite(number)) {
                            throw new LedgerFormatException(source, lineNumber, "field " + field.name()
                                    + ": number " + value.text() + " is out of range");
                        }
                        return number;
                    }
                }
            }
            throw new LedgerFormatException(source, lineNumber, "field " + field.name() + ": expected "
                    + field.kind().description + ", found " + value.description());
        }
    }
}
