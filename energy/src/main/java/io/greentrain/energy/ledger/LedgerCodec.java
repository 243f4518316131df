package io.greentrain.energy.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger's line format ({@link LedgerFormat}): one {@link LedgerRecord} per line as a JSON object with no
 * whitespace, its fields derived from {@link LedgerFormat#ENERGY_FIELDS} and {@link LedgerFormat#WORK_FIELDS}.
 *
 * <ul>
 *   <li>Every line written starts with the format version, {@code "v":1}. Lines without one were written before the
 *       format had versions; they read and verify unchanged.</li>
 *   <li>An energy {@link LedgerEntry} then has its fields in the record's component order and no {@code kind}
 *       field, exactly as ledgers were written before work lines existed.</li>
 *   <li>A {@link WorkRecord} then has {@code "kind":"work"} and its fields in component order:
 *       {@code {"v":1,"kind":"work","applicationId":"app-1","runId":"r1","sequence":7,"phase":"train/epoch-3",
 *       "unit":"tokens","amount":123456,"recordedAt":"2024-05-01T10:00:00Z","previousHash":"..."}}.</li>
 *   <li>A {@link SealRecord} then has {@code "kind":"seal"} and its fields in component order, {@code hmac} last.</li>
 *   <li>A line of any other kind decodes to an {@link OtherKindRecord} (run, sequence, previous hash), so that a
 *       ledger with a later writer's kinds still verifies; such lines are never encoded.</li>
 * </ul>
 *
 * Doubles are written in Java's round-trip notation, so {@code decode(encode(r)).equals(r)} holds for every record
 * with finite numbers; NaN and infinities are refused because JSON cannot hold them and a ledger must not.
 *
 * <p>The chain hashes ({@link #sha256Hex}) are always taken over the line as stored, never over a re-encoding, so a
 * ledger stays verifiable even if a later JDK or Jackson spells some double differently, and lines of either version
 * chain to each other.
 *
 * <p>Stateless and thread-safe.
 */
public final class LedgerCodec {

    /** The field that tells a line's kind; absent on energy entries. */
    public static final String KIND_FIELD = LedgerFormat.KIND_FIELD;

    /** Energy entry field names in line order, which is {@link LedgerEntry}'s component order. */
    public static final List<String> FIELD_NAMES = LedgerFormat.names(LedgerFormat.ENERGY_FIELDS);

    /** Work line field names in line order after {@link #KIND_FIELD}, which is {@link WorkRecord}'s component order. */
    public static final List<String> WORK_FIELD_NAMES = LedgerFormat.names(LedgerFormat.WORK_FIELDS);

    /** Fields no line may leave null, whatever its version: the hash chain needs them. */
    private static final List<String> CHAIN_FIELDS = List.of("runId", "previousHash");

    private static final JsonFactory JSON = new JsonFactory();

    private static final Schema<LedgerEntry> ENERGY = new Schema<>(LedgerEntry.class, null,
            LedgerFormat.ENERGY_FIELDS);

    private static final Schema<WorkRecord> WORK = new Schema<>(WorkRecord.class, WorkRecord.KIND,
            LedgerFormat.WORK_FIELDS);

    private static final Schema<GapRecord> GAP = new Schema<>(GapRecord.class, GapRecord.KIND,
            LedgerFormat.GAP_FIELDS);

    private static final Schema<CorrectionRecord> CORRECTION = new Schema<>(CorrectionRecord.class,
            CorrectionRecord.KIND, LedgerFormat.CORRECTION_FIELDS);

    private static final Schema<SealRecord> SEAL = new Schema<>(SealRecord.class, SealRecord.KIND,
            LedgerFormat.SEAL_FIELDS);

    private LedgerCodec() {
    }

    /**
     * The canonical line for {@code record}, without a line terminator.
     *
     * @throws IllegalArgumentException      if a number is NaN or infinite
     * @throws UnsupportedOperationException for an {@link OtherKindRecord}, which is only ever read
     */
    public static String encode(LedgerRecord record) {
        if (record instanceof WorkRecord work) {
            return WORK.encode(work);
        }
        if (record instanceof GapRecord gap) {
            return GAP.encode(gap);
        }
        if (record instanceof CorrectionRecord correction) {
            return CORRECTION.encode(correction);
        }
        if (record instanceof SealRecord seal) {
            return SEAL.encode(seal);
        }
        if (record instanceof OtherKindRecord other) {
            throw new UnsupportedOperationException("a ledger line of unknown kind '" + other.kind()
                    + "' cannot be written");
        }
        return ENERGY.encode((LedgerEntry) record);
    }

    /** Decodes a line that does not come from a file; errors name it {@code <string> line 1}. */
    public static LedgerRecord decode(String line) throws LedgerFormatException {
        return decode(line, "<string>", 1);
    }

    /**
     * Decodes one ledger line: a work, gap, correction or seal record when its {@code kind} says so, an energy
     * entry when it has no {@code kind}; any other kind is an {@link OtherKindRecord}, which must hold
     * {@code runId} and {@code previousHash} as text and {@code sequence} as an integer (its other fields are not
     * read). A format version ({@code v}) other than
     * {@value LedgerFormat#VERSION}; a line without {@code v} is an unversioned line of the same fields. Every field of that kind must be present exactly once with its type
     * (text or null, integer, number), except a field {@linkplain LedgerField#addedLater added later}, which an older
     * line lacks and reads as NaN or null; unknown fields and anything after the object are refused, and so are values
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
        RawValue version = raw.remove(LedgerFormat.VERSION_FIELD);
        if (version != null && !(version.longInteger() && Long.parseLong(version.text()) == LedgerFormat.VERSION)) {
            throw new LedgerFormatException(source, lineNumber, "unknown format version " + version.description()
                    + " (this reader knows version " + LedgerFormat.VERSION + ", and lines without "
                    + LedgerFormat.VERSION_FIELD + " written before versions existed)");
        }
        RawValue kind = raw.remove(KIND_FIELD);
        if (kind == null) {
            return ENERGY.decode(raw, source, lineNumber);
        }
        if (kind.token() != JsonToken.VALUE_STRING || kind.text().isBlank()) {
            throw new LedgerFormatException(source, lineNumber, "kind must be non-blank text, found "
                    + kind.description());
        }
        if (WorkRecord.KIND.equals(kind.text())) {
            return WORK.decode(raw, source, lineNumber);
        }
        if (GapRecord.KIND.equals(kind.text())) {
            return GAP.decode(raw, source, lineNumber);
        }
        if (CorrectionRecord.KIND.equals(kind.text())) {
            return CORRECTION.decode(raw, source, lineNumber);
        }
        if (SealRecord.KIND.equals(kind.text())) {
            return SEAL.decode(raw, source, lineNumber);
        }
        return otherKind(kind.text(), raw, source, lineNumber);
    }

    /** A line of a kind this code does not know, read as far as the chain needs. */
    private static OtherKindRecord otherKind(String kind, Map<String, RawValue> raw, String source, long lineNumber)
            throws LedgerFormatException {
        String runId = chainText(raw, "runId", kind, source, lineNumber);
        String previousHash = chainText(raw, "previousHash", kind, source, lineNumber);
        RawValue sequence = raw.get("sequence");
        if (sequence == null || !sequence.longInteger()) {
            throw new LedgerFormatException(source, lineNumber, "a line of kind \"" + kind
                    + "\" needs an integer sequence, found " + (sequence == null ? "none" : sequence.description()));
        }
        RawValue application = raw.get("applicationId");
        String applicationId = application != null && application.token() == JsonToken.VALUE_STRING
                ? application.text() : null;
        return new OtherKindRecord(kind, applicationId, runId, Long.parseLong(sequence.text()), previousHash);
    }

    private static String chainText(Map<String, RawValue> raw, String name, String kind, String source,
                                    long lineNumber) throws LedgerFormatException {
        RawValue value = raw.get(name);
        if (value == null || value.token() != JsonToken.VALUE_STRING) {
            throw new LedgerFormatException(source, lineNumber, "a line of kind \"" + kind + "\" needs " + name
                    + " as text, found " + (value == null ? "none" : value.description()));
        }
        return value.text();
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

    /**
     * The fields of one kind of line, in order, and the record they make: each field is read with the record
     * component of its name and the record is built with its canonical constructor, so the two cannot drift apart.
     */
    private static final class Schema<R extends LedgerRecord> {
        private final String kind;
        private final List<LedgerField> fields;
        private final RecordComponent[] components;
        private final Constructor<R> constructor;

        Schema(Class<R> type, String kind, List<LedgerField> fields) {
            this.kind = kind;
            this.fields = fields;
            this.components = type.getRecordComponents();
            List<String> componentNames = Arrays.stream(components).map(RecordComponent::getName).toList();
            if (!names().equals(componentNames)) {
                throw new IllegalStateException("LedgerFormat fields " + names() + " do not follow "
                        + type.getSimpleName() + "'s components " + componentNames);
            }
            for (int i = 0; i < components.length; i++) {
                Class<?> expected = switch (fields.get(i).type()) {
                    case TEXT -> String.class;
                    case INTEGER -> long.class;
                    case REAL -> double.class;
                };
                if (components[i].getType() != expected) {
                    throw new IllegalStateException("LedgerFormat field " + fields.get(i).name() + " is "
                            + fields.get(i).type() + " but " + type.getSimpleName() + " holds a "
                            + components[i].getType().getSimpleName());
                }
            }
            try {
                this.constructor = type.getDeclaredConstructor(
                        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("a record always has its canonical constructor", e);
            }
        }

        List<String> names() {
            return LedgerFormat.names(fields);
        }

        private Object value(R record, int index) {
            try {
                return components[index].getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + fields.get(index).name() + " of a ledger record", e);
            }
        }

        private R construct(Object[] values) {
            try {
                return constructor.newInstance(values);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException refused) {
                    throw refused;
                }
                throw new IllegalStateException("a ledger record's constructor failed", e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build a " + constructor.getDeclaringClass().getSimpleName(), e);
            }
        }

        String encode(R record) {
            StringWriter out = new StringWriter(512);
            try (JsonGenerator json = JSON.createGenerator(out)) {
                json.writeStartObject();
                json.writeNumberField(LedgerFormat.VERSION_FIELD, LedgerFormat.VERSION);
                if (kind != null) {
                    json.writeStringField(KIND_FIELD, kind);
                }
                for (int i = 0; i < fields.size(); i++) {
                    LedgerField field = fields.get(i);
                    Object value = value(record, i);
                    json.writeFieldName(field.name());
                    switch (field.type()) {
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
            for (int i = 0; i < fields.size(); i++) {
                LedgerField field = fields.get(i);
                if (!raw.containsKey(field.name())) {
                    if (!field.addedLater()) {
                        throw new LedgerFormatException(source, lineNumber, "missing field " + field.name());
                    }
                    values[i] = field.absentValue();
                }
            }
            for (String required : CHAIN_FIELDS) {
                if (values[names.indexOf(required)] == null) {
                    throw new LedgerFormatException(source, lineNumber, "field " + required + " is null");
                }
            }
            try {
                return construct(values);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new LedgerFormatException(source, lineNumber, e.getMessage());
            }
        }

        private Object convert(RawValue value, LedgerField field, String source, long lineNumber)
                throws LedgerFormatException {
            JsonToken token = value.token();
            switch (field.type()) {
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
                    + field.type().description() + ", found " + value.description());
        }
    }
}
