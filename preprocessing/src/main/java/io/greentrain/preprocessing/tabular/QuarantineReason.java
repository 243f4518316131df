package io.greentrain.preprocessing.tabular;

import java.util.Locale;

/**
 * Why a row was sent to quarantine. The {@link #code()} is stable: it appears in the quarantine
 * dataset, in the cleaning report and in {@code summary.json}, so scripts may rely on it.
 */
public enum QuarantineReason {
    /** The line could not be split into exactly as many fields as its file's header has. */
    MALFORMED_ROW,
    /** A required column is empty or holds a null token such as {@code NA}. */
    MISSING_REQUIRED,
    /** A value does not parse as its column's type (e.g. {@code abc} in a {@code double} column). */
    INVALID_TYPE,
    /** A numeric value lies outside its column's declared {@code [min, max]}. */
    OUT_OF_RANGE,
    /** A string value is not one of its column's declared categories. */
    UNKNOWN_CATEGORY,
    /** The row was caught by an outlier rule whose action is {@code quarantine}. */
    OUTLIER,
    /** The line is not valid UTF-8 (e.g. Latin-1 bytes); nothing of it is guessed. */
    INVALID_ENCODING;

    /** The stable lower-case code, e.g. {@code invalid_type}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
