package io.greentrain.energy.ledger;

/**
 * One field of a ledger line: its JSON name, its type, and whether a line a report can use must hold a value there.
 * {@link LedgerFormat} lists them once per kind of line; the codec, the verifier and the report's Spark schema are
 * all derived from those lists.
 *
 * @param name     the JSON field name, which is also the record component's name
 * @param type     what the JSON value is
 * @param required whether the value must be present and non-null for the line to be reported on. The codec is more
 *                 lenient, so that every ledger ever written still verifies: it refuses a null only in
 *                 {@code runId} and {@code previousHash}, which the hash chain cannot do without
 * @param addedLater whether the field was added after lines of its kind were first written: a line without it is
 *                   an older line and reads with the field's absent value (NaN for a number, null for text); every
 *                   other field must be present on every line
 */
public record LedgerField(String name, Type type, boolean required, boolean addedLater) {

    /** A field every line of its kind holds. */
    public LedgerField(String name, Type type, boolean required) {
        this(name, type, required, false);
    }

    /** The JSON type of a field's value. */
    public enum Type {
        /** A JSON string, or null. */
        TEXT("text or null"),
        /** A JSON integer that fits a Java {@code long}. */
        INTEGER("an integer"),
        /** A finite JSON number, read as a Java {@code double}. */
        REAL("a number");

        private final String description;

        Type(String description) {
            this.description = description;
        }

        /** How an error message names the type: {@code expected <description>}. */
        public String description() {
            return description;
        }
    }

    static LedgerField text(String name, boolean required) {
        return new LedgerField(name, Type.TEXT, required);
    }

    static LedgerField integer(String name) {
        return new LedgerField(name, Type.INTEGER, true);
    }

    static LedgerField real(String name) {
        return new LedgerField(name, Type.REAL, true);
    }

    /** A number that lines written before it was added do not hold; they read as NaN. Never required. */
    static LedgerField realAddedLater(String name) {
        return new LedgerField(name, Type.REAL, false, true);
    }

    /** The value of this field on a line that does not hold it ({@link #addedLater}). */
    Object absentValue() {
        return type == Type.REAL ? Double.NaN : null;
    }
}
