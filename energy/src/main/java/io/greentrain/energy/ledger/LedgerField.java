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
 */
public record LedgerField(String name, Type type, boolean required) {

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
}
